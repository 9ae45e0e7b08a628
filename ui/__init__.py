"""The Streamlit app's panels (floor 4, beside cli.py): `app.py` composes them into the page."""

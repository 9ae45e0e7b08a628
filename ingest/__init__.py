"""Sources → records: loaders, structure-aware splitting, metadata."""

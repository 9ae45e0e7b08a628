"""LangChain `BaseRetriever` over the hybrid search, so chains can use it."""
from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from retriever.filters import SearchFilter


class ShuoliRetriever(BaseRetriever):
    """Documents carry the hit's citation fields as metadata (law, article, version, status …)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any  # retriever.search.Retriever
    k: int = 8
    as_of: str = Field(default_factory=lambda: date.today().isoformat())
    doc_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    public_only: bool = False

    def _filter(self) -> SearchFilter:
        return SearchFilter(as_of=self.as_of, doc_types=self.doc_types, regions=self.regions,
                            visibility=("public",) if self.public_only else ("public", "internal"))

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        docs = []
        for hit in self.searcher.search(query, self.k, self._filter()):
            meta = hit.to_dict(self.as_of)
            text = meta.pop("text")
            meta.pop("meta", None)
            meta["via"] = ",".join(sorted(meta.get("via", {})))
            docs.append(Document(page_content=text, metadata={k: v for k, v in meta.items() if v is not None},
                                 id=hit.record.id))
        return docs

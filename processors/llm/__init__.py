"""An LLM's reading of a document as a second opinion to the rules (``LLM_PROVIDER=openai``)."""

from .checker import SCHEMA_NAME, LlmChecker, StructuredChat
from .client import ChatClient, tls_verification
from .merge import grounded, merge, resembles, same_person
from .model import (
    FieldConfidence,
    IinMention,
    LlmFacts,
    MentionedPerson,
    SubjectPerson,
    response_schema,
)
from .prompt import SYSTEM, build_messages, fit_text

__all__ = [
    "SCHEMA_NAME",
    "SYSTEM",
    "ChatClient",
    "FieldConfidence",
    "IinMention",
    "LlmChecker",
    "LlmFacts",
    "MentionedPerson",
    "StructuredChat",
    "SubjectPerson",
    "build_messages",
    "fit_text",
    "grounded",
    "merge",
    "resembles",
    "response_schema",
    "same_person",
    "tls_verification",
]

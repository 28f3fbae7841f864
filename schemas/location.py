"""Where a document lives in S3, parsed from an event's ``s3_path``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class S3Location:
    bucket: str
    key: str

    @classmethod
    def parse(cls, s3_path: str, *, default_bucket: str) -> S3Location:
        """``s3://bucket/key`` or a bare key inside ``default_bucket``.

        Keys are kept exactly as sent (any Unicode, spaces), apart from one
        leading slash on a bare key, which S3 clients would treat as a name.
        """
        if s3_path.startswith("s3://"):
            bucket, _, key = s3_path[len("s3://") :].partition("/")
            if not bucket or not key:
                raise ValueError("s3_path must be s3://bucket/key")
            return cls(bucket=bucket, key=key)
        key = s3_path[1:] if s3_path.startswith("/") else s3_path
        if not key:
            raise ValueError("s3_path names no key")
        return cls(bucket=default_bucket, key=key)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

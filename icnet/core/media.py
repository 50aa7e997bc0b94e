"""Uploaded media in a private S3-compatible bucket (django-storages), shared by every server.

The bucket stays private: nothing in it is readable without a signature.

- Public pictures (city photos and their thumbnails, PUBLIC_MEDIA_PREFIXES) are named by a
  stable address of the site, MEDIA_URL + name, which answers with a redirect to a freshly
  signed address (icnet.site.views.media). Pages keep stable addresses, so a page held in
  the page cache for PAGE_CACHE_SECONDS, or in a browser's back-forward cache for a day,
  never points at an expired signature, and its ETag does not change with every render.
- Every other file (a document's) has no public address at all: the download view checks
  that the document is published, then redirects to download_url(), signed for a minute.
- With AWS_S3_CUSTOM_DOMAIN (a CDN that reads the bucket with its own credentials) public
  pictures are named by their CDN address directly; documents are still signed against the
  bucket itself, never handed to the CDN.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# How long a document's signed address stays usable: enough for a browser to follow the
# redirect, short enough that a copied link soon stops working.
DOWNLOAD_URL_SECONDS = 60


def is_public_media(name: str) -> bool:
    """Whether a stored file may be shown to anyone: a city photo or a thumbnail."""
    parts = name.split("/")
    return (
        name.startswith(tuple(settings.PUBLIC_MEDIA_PREFIXES))
        and ".." not in parts
        and "" not in parts
    )


class MediaStorage(S3Storage):
    """The bucket of uploaded media, configured by the AWS_* settings."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The site's own address for a public picture; a signed one for anything else."""
        if is_public_media(name) and not (parameters or expire or http_method):
            if self.custom_domain:
                return super().url(name)
            return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
        return self.signed_url(name, parameters=parameters, expire=expire)

    def signed_url(self, name: str, parameters: dict | None = None, expire: int | None = None):
        """An address of the object in the bucket itself, signed, valid for expire seconds
        (AWS_QUERYSTRING_EXPIRE by default); never the CDN's."""
        params = dict(
            parameters or {}, Bucket=self.bucket.name, Key=self._normalize_name(clean_name(name))
        )
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod="GET",
        )

    def download_url(
        self, name: str, *, content_disposition: str, content_type: str, expire: int = 0
    ) -> str:
        """A short-lived signed address that downloads the object as an attachment: the
        store answers with these Content-Disposition and Content-Type headers."""
        return self.signed_url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition,
                "ResponseContentType": content_type,
            },
            expire=expire or DOWNLOAD_URL_SECONDS,
        )

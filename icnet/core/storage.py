"""Static files storage for production: hashed, compressed, tolerant of vendored CSS."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, leaving alone the references it cannot resolve.

    Vendored files from XStatic packages refer to files their packages do not ship (a source
    map) or write url( "images/…" ) with spaces, which the hashing pass reads as a name with
    quotes. Such a reference stays as written instead of failing collectstatic: the original
    files are collected too, so what exists still resolves next to the file that names it.
    """

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            return name

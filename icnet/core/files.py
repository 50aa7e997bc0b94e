"""Stored files that nothing needs any more are deleted: replaced or deleted photos and
document files, with their thumbnails.

A file stays while a row or a kept revision (django-reversion) names it: restoring that
revision needs the file. Every change made in the back office is a revision, so there a
replaced or deleted file stays until the revisions that name it are deleted (the
deleterevisions command, or a deleted object's history); then it goes too. Files changed
outside any revision (a shell, an import) go as soon as the change is committed.

Signals, not direct calls: files go away through cascades, bulk deletions and revision
pruning as well as through the models' own methods, and only signals see all of them.
"""

from __future__ import annotations

import json
import logging

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

logger = logging.getLogger(__name__)

# (model, field name) of every file field whose files are looked after.
TRACKED: list[tuple[type[models.Model], str]] = []


def track_files(model: type[models.Model], *field_names: str) -> None:
    """Delete the files of these fields of `model` once no row and no revision names them.

    Call from AppConfig.ready().
    """
    TRACKED.extend((model, name) for name in field_names)
    uid = f"icnet.files.{model._meta.label}"
    pre_save.connect(_remember_stored, sender=model, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post_save")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
    from reversion.models import Version

    post_delete.connect(_after_version_delete, sender=Version, dispatch_uid="icnet.files.version")


def _fields(model) -> list[str]:
    return [name for tracked, name in TRACKED if tracked is model]


def _remember_stored(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    names = _fields(sender)
    stored = sender._default_manager.filter(pk=instance.pk).values(*names).first()
    instance._icnet_stored_files = stored or {}


def _after_save(sender, instance, raw=False, **kwargs):
    stored = instance.__dict__.pop("_icnet_stored_files", None) or {}
    for name, previous in stored.items():
        file = getattr(instance, name)
        if previous and previous != file.name:
            delete_when_unused(previous, file.storage, _is_image(sender, name))


def _after_delete(sender, instance, **kwargs):
    for name in _fields(sender):
        file = getattr(instance, name)
        if file and file.name:
            delete_when_unused(file.name, file.storage, _is_image(sender, name))


def _after_version_delete(sender, instance, **kwargs):
    """A deleted revision may have been the last thing keeping a file."""
    model = instance.content_type.model_class()
    names = _fields(model)
    if not names or instance.format != "json":
        return
    try:
        fields = json.loads(instance.serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return
    for name in names:
        value = fields.get(name)
        if value and isinstance(value, str):
            field = model._meta.get_field(name)
            delete_when_unused(value, field.storage, _is_image(model, name))


def _is_image(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), models.ImageField)


def is_used(name: str) -> bool:
    """True while a row or a kept revision names this stored file."""
    from reversion.models import Version

    for model, field in TRACKED:
        if model._default_manager.filter(**{field: name}).exists():
            return True
    # Revisions keep each row as JSON, where the name is a quoted string.
    return Version.objects.filter(serialized_data__contains=json.dumps(name)).exists()


def delete_when_unused(name: str, storage, image: bool = False) -> None:
    """Once the current transaction commits, delete this file (and an image's thumbnails)
    unless a row or a kept revision still names it."""
    transaction.on_commit(lambda: _delete_if_unused(name, storage, image), robust=True)


def _delete_if_unused(name: str, storage, image: bool) -> None:
    if is_used(name):
        return
    try:
        if image:
            from sorl.thumbnail import default
            from sorl.thumbnail.images import ImageFile

            default.kvstore.delete(ImageFile(name, storage))
        storage.delete(name)
    except Exception:
        # Storage that fails to delete must not fail the request that changed the row.
        logger.warning("Could not delete the unused file %s", name, exc_info=True)

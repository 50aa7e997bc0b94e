"""System checks: warnings at start for a configuration that works today and fails later.

The shared cache holds pages, computed values and rate-limit counters, each with a timeout,
but a flood of different addresses can still write faster than they expire. A Redis
without a memory limit then grows until the machine runs short; one with the `noeviction`
policy refuses every write once full. Either way the site keeps answering (a refused write
is a cache miss), but the cache stops doing its work: Redis should evict the least recently
used keys within a `maxmemory` (README, "Production").
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.checks import Tags, Warning, register
from redis.exceptions import RedisError, ResponseError

HINT = (
    "Give Redis a memory limit and an eviction policy, e.g. in redis.conf "
    "'maxmemory 512mb' and 'maxmemory-policy allkeys-lru' (README, Production)."
)


def _config(client) -> dict[str, str]:
    values = client.config_get("maxmemory*")
    return {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in values.items()
    }


@register(Tags.caches)
def check_cache_memory(app_configs=None, **kwargs) -> list[Warning]:
    """Warn when a Redis cache may grow without bound or refuse writes once full."""
    warnings = []
    for alias in caches:
        backend = caches[alias]
        if not isinstance(backend, RedisCache):
            continue
        where = f"the cache {alias!r} ({', '.join(backend._servers)})"
        try:
            config = _config(backend._cache.get_client(write=True))
        except ResponseError as error:
            # CONFIG renamed or disabled (managed Redis services often do this).
            warnings.append(
                Warning(
                    f"Could not check the memory limit of {where}: {error}.",
                    hint=HINT,
                    id="icnet.W002",
                )
            )
            continue
        except (RedisError, OSError) as error:
            warnings.append(
                Warning(
                    f"Could not reach {where} to check its memory limit "
                    f"({type(error).__name__}); the site runs without it meanwhile.",
                    hint=HINT,
                    id="icnet.W003",
                )
            )
            continue
        limit = config.get("maxmemory", "0")
        policy = config.get("maxmemory-policy", "noeviction")
        if limit in ("0", "") or policy == "noeviction":
            problem = (
                "has no memory limit ('maxmemory 0')"
                if limit in ("0", "")
                else "refuses writes when full ('maxmemory-policy noeviction')"
            )
            warnings.append(
                Warning(
                    f"Redis behind {where} {problem}: a flood of different addresses can fill it.",
                    hint=HINT,
                    id="icnet.W001",
                )
            )
    return warnings

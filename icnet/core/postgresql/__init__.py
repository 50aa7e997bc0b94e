"""Django's PostgreSQL backend with the deadline and the rest of icnet.core.database."""

-- RMS/CAD workflows, applied at start, idempotent. Cases and incidents are written to the tables of
-- store.sql themselves, so the need-to-know check sees every change at once.

-- A retry of a mutation with the same key by the same caller returns the first result and writes nothing.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key        TEXT NOT NULL,
  caller     TEXT NOT NULL,          -- user id (gateway context `sub`)
  operation  TEXT NOT NULL,          -- mutation name
  result_id  TEXT NOT NULL,          -- case or incident number the first call returned (at the caller's ORI)
  created_at TEXT NOT NULL,          -- ISO timestamp
  PRIMARY KEY (key, caller)
);

-- CLETS order workflows (court clerks enter, modify, terminate orders and record proof of service).
-- Applied when the ncic subgraph starts (SubgraphDefinition.migrations); every statement is idempotent.

-- A mutation retried with the same key by the same caller returns its first result and writes nothing.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key        TEXT NOT NULL,
  caller     TEXT NOT NULL,            -- gateway context `sub`
  operation  TEXT NOT NULL,            -- mutation name
  result_id  TEXT NOT NULL,            -- NIC of the order the first call returned
  created_at TEXT NOT NULL,
  PRIMARY KEY (key, caller)
);

-- Termination of an order (status TERMINATED in protection_orders): why, when and by whom.
CREATE TABLE IF NOT EXISTS protection_order_terminations (
  nic           TEXT PRIMARY KEY REFERENCES protection_orders(nic),
  reason        TEXT NOT NULL,
  terminated_on TEXT NOT NULL,         -- YYYY-MM-DD
  terminated_by TEXT NOT NULL          -- caller sub
);

-- Proof of service on the restrained person (served/served_at in protection_orders): by whom and how.
CREATE TABLE IF NOT EXISTS protection_order_service (
  nic         TEXT PRIMARY KEY REFERENCES protection_orders(nic),
  served_by   TEXT NOT NULL,           -- server's name, 'LAST, FIRST'
  method      TEXT NOT NULL,           -- PERSONAL | MAIL | IN_COURT | ELECTRONIC
  recorded_at TEXT NOT NULL,           -- ISO 8601 timestamp
  recorded_by TEXT NOT NULL            -- caller sub
);

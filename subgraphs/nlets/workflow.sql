-- Nlets workflows (applied at start, idempotent): administrative messages (AM) and hit confirmation (YQ/YR).

-- A retry of a mutation with the same key by the same caller returns the first result and writes nothing.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key        TEXT NOT NULL,
  caller     TEXT NOT NULL,          -- user id (gateway context `sub`)
  operation  TEXT NOT NULL,          -- mutation name
  result_id  TEXT NOT NULL,          -- id of the message or hit confirmation the first call returned
  created_at TEXT NOT NULL,          -- ISO timestamp
  PRIMARY KEY (key, caller)
);

-- One message over the switch: AM free text, YQ hit confirmation request, YR hit confirmation response.
CREATE TABLE IF NOT EXISTS admin_messages (
  id                  TEXT PRIMARY KEY,
  kind                TEXT NOT NULL,   -- AM YQ YR
  from_ori            TEXT NOT NULL,
  sent_by             TEXT NOT NULL,   -- user id of the sender
  subject             TEXT NOT NULL,
  text                TEXT NOT NULL,
  sent_at             TEXT NOT NULL,   -- ISO timestamp
  hit_confirmation_id TEXT             -- YQ/YR: the hit confirmation it belongs to
);
CREATE INDEX IF NOT EXISTS admin_messages_from ON admin_messages(from_ori, sent_at);
CREATE INDEX IF NOT EXISTS admin_messages_hit ON admin_messages(hit_confirmation_id);

-- One row per destination ORI; read state is per receiving agency.
CREATE TABLE IF NOT EXISTS admin_message_recipients (
  message_id TEXT NOT NULL REFERENCES admin_messages(id),
  ori        TEXT NOT NULL,
  read_at    TEXT,                     -- ISO timestamp of the first read by that agency
  read_by    TEXT,
  PRIMARY KEY (message_id, ori)
);
CREATE INDEX IF NOT EXISTS admin_message_recipients_ori ON admin_message_recipients(ori, read_at);

-- A request to the entering agency to confirm an NCIC hit (NCIC policy: urgent 10 minutes, routine 1 hour).
CREATE TABLE IF NOT EXISTS hit_confirmations (
  id               TEXT PRIMARY KEY,
  nic              TEXT NOT NULL,
  record_type      TEXT NOT NULL,      -- WANTED PROTECTION_ORDER
  requesting_ori   TEXT NOT NULL,
  requested_by     TEXT NOT NULL,
  entering_ori     TEXT NOT NULL,
  priority         TEXT NOT NULL,      -- URGENT ROUTINE
  remarks          TEXT,
  requested_at     TEXT NOT NULL,
  due_at           TEXT NOT NULL,      -- answer due by (current attempt)
  attempt          INTEGER NOT NULL,   -- request number (RNO) 1-3
  status           TEXT NOT NULL,      -- PENDING CONFIRMED DENIED NEED_MORE_TIME
  responded_at     TEXT,
  responded_by     TEXT,
  confirm_by       TEXT,               -- NEED_MORE_TIME: when the entering agency will confirm
  response_remarks TEXT
);
CREATE INDEX IF NOT EXISTS hit_confirmations_nic ON hit_confirmations(record_type, nic);
CREATE INDEX IF NOT EXISTS hit_confirmations_requesting ON hit_confirmations(requesting_ori, requested_at);
CREATE INDEX IF NOT EXISTS hit_confirmations_entering ON hit_confirmations(entering_ori, requested_at);

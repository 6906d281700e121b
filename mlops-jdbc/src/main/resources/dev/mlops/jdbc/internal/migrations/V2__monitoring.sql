-- mlops-jdbc schema version 2: the fleet's monitoring store (JdbcMonitorStore). Runs inside one
-- transaction with search_path set to the registry's schema. Each statement ends with a semicolon
-- at the end of a line.

-- Each instance's latest partial of a version's pane: opaque bytes mlops-core merges.
CREATE TABLE monitor_partials (
  model         text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  pane_start    timestamptz NOT NULL,
  pane_millis   bigint      NOT NULL CHECK (pane_millis > 0),
  window_millis bigint      NOT NULL CHECK (window_millis >= pane_millis),
  instance      text        NOT NULL,
  written_at    timestamptz NOT NULL,
  data          bytea       NOT NULL,
  PRIMARY KEY (model, pane_start, version, pane_millis, instance)
);

-- Sampled predictions waiting for their outcome (outcome null) or joined to one.
CREATE TABLE monitor_predictions (
  model         text        NOT NULL,
  prediction_id text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  pane_start    timestamptz NOT NULL,
  pane_millis   bigint      NOT NULL CHECK (pane_millis > 0),
  scores        float8[]    NOT NULL,
  predicted_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  outcome       text,
  joined_at     timestamptz,
  PRIMARY KEY (model, prediction_id)
);

CREATE INDEX monitor_predictions_pending ON monitor_predictions (model, predicted_at)
  WHERE outcome IS NULL;

CREATE INDEX monitor_predictions_pane ON monitor_predictions (model, pane_start);

-- How many predictions of a pane stopped waiting without an outcome.
CREATE TABLE monitor_expired (
  model       text        NOT NULL,
  version     integer     NOT NULL,
  pane_start  timestamptz NOT NULL,
  pane_millis bigint      NOT NULL,
  expired     bigint      NOT NULL CHECK (expired >= 0),
  PRIMARY KEY (model, pane_start, version, pane_millis)
);

-- Revisioned records of fleet-wide decisions taken once (compare-and-set on revision).
CREATE TABLE monitor_state (
  key        text        PRIMARY KEY,
  revision   bigint      NOT NULL CHECK (revision > 0),
  value      text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

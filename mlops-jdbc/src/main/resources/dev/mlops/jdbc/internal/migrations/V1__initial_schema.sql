-- mlops-jdbc schema version 1. Runs inside one transaction with search_path set to the registry's
-- schema. Each statement ends with a semicolon at the end of a line.

CREATE TABLE models (
  name           text        PRIMARY KEY,
  latest_version integer     NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);

CREATE TABLE model_tags (
  model_name text NOT NULL REFERENCES models (name),
  key        text NOT NULL,
  value      text NOT NULL,
  PRIMARY KEY (model_name, key)
);

CREATE TABLE versions (
  model_name  text        NOT NULL REFERENCES models (name),
  version     integer     NOT NULL CHECK (version > 0),
  format      text        NOT NULL,
  signature   text,
  metrics     text        NOT NULL,
  params      text        NOT NULL,
  lineage     text        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('READY', 'ARCHIVED')),
  description text,
  created_at  timestamptz NOT NULL,
  created_by  text        NOT NULL,
  PRIMARY KEY (model_name, version)
);

CREATE TABLE version_tags (
  model_name text    NOT NULL,
  version    integer NOT NULL,
  key        text    NOT NULL,
  value      text    NOT NULL,
  PRIMARY KEY (model_name, version, key),
  FOREIGN KEY (model_name, version) REFERENCES versions (model_name, version)
);

CREATE TABLE aliases (
  model_name text        NOT NULL,
  alias      text        NOT NULL,
  version    integer     NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (model_name, alias),
  FOREIGN KEY (model_name, version) REFERENCES versions (model_name, version)
);

-- Artifact bytes stored in the database, in chunks so that neither side ever holds a whole file.
CREATE TABLE artifact_blobs (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  size       bigint,
  sha256     text,
  chunk_size integer NOT NULL
);

CREATE TABLE artifact_chunks (
  blob_id  bigint  NOT NULL REFERENCES artifact_blobs (id) ON DELETE CASCADE,
  chunk_no integer NOT NULL,
  data     bytea   NOT NULL,
  PRIMARY KEY (blob_id, chunk_no)
);

-- Model weights do not compress: keep chunks out of line and skip pglz.
ALTER TABLE artifact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE version_files (
  model_name   text    NOT NULL,
  version      integer NOT NULL,
  path         text    NOT NULL,
  size         bigint  NOT NULL,
  sha256       text    NOT NULL,
  blob_id      bigint REFERENCES artifact_blobs (id),
  external_ref text,
  PRIMARY KEY (model_name, version, path),
  FOREIGN KEY (model_name, version) REFERENCES versions (model_name, version),
  CHECK ((blob_id IS NULL) <> (external_ref IS NULL))
);

-- One row: the last audit sequence number. Incrementing it under its row lock at the end of each
-- mutating transaction gives gap-free sequence numbers that commit in order.
CREATE TABLE audit_sequence (
  id            integer PRIMARY KEY CHECK (id = 1),
  last_sequence bigint  NOT NULL
);

INSERT INTO audit_sequence (id, last_sequence) VALUES (1, 0);

CREATE TABLE audit_log (
  sequence   bigint      PRIMARY KEY,
  timestamp  timestamptz NOT NULL,
  actor      text        NOT NULL,
  action     text        NOT NULL,
  model_name text        NOT NULL,
  version    integer,
  key        text,
  before     text,
  after      text,
  reason     text
);

CREATE INDEX audit_log_by_model ON audit_log (model_name, sequence);

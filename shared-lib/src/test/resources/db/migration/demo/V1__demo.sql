-- Schema of the tiny demo app that ServiceServerIT builds on top of shared-lib.
CREATE TABLE item (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    quantity   integer     NOT NULL CHECK (quantity >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

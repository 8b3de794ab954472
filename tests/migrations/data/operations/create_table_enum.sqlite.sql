CREATE TABLE ticket (
  id INTEGER NOT NULL,
  status VARCHAR(6),
  PRIMARY KEY (id),
  CONSTRAINT ck_ticket_status_enum CHECK (status IN ('open', 'closed'))
);
CREATE TABLE task (
  id INTEGER NOT NULL,
  state VARCHAR(6) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT ck_task_state_enum CHECK (state IN ('open', 'closed'))
);

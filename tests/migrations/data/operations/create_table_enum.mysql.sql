CREATE TABLE ticket (
  id INTEGER NOT NULL AUTO_INCREMENT,
  status ENUM('open', 'closed'),
  PRIMARY KEY (id)
);
CREATE TABLE task (
  id INTEGER NOT NULL AUTO_INCREMENT,
  state ENUM('open', 'closed') NOT NULL,
  PRIMARY KEY (id)
);

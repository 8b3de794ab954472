-- retort stamp heads --sql

CREATE TABLE `retort_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `retort_version_pkc` PRIMARY KEY (version_num)
);

-- Running stamp_revision  -> d4

INSERT INTO `retort_version` (version_num) VALUES ('d4');

-- retort stamp b2 c3 --sql

CREATE TABLE `retort_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `retort_version_pkc` PRIMARY KEY (version_num)
);

-- Running stamp_revision  -> b2

INSERT INTO `retort_version` (version_num) VALUES ('b2');

-- Running stamp_revision  -> c3

INSERT INTO `retort_version` (version_num) VALUES ('c3');

-- retort stamp b2:d4 --sql

-- Running stamp_revision b2 -> d4

UPDATE `retort_version` SET version_num='d4' WHERE `retort_version`.version_num = 'b2';

-- retort stamp c3:d4 --sql

-- Running stamp_revision c3 -> d4

UPDATE `retort_version` SET version_num='d4' WHERE `retort_version`.version_num = 'c3';

-- retort stamp d4:a1 --sql

-- Running stamp_revision d4 -> a1

UPDATE `retort_version` SET version_num='a1' WHERE `retort_version`.version_num = 'd4';

-- retort stamp b2:c3 --sql

-- Running stamp_revision  -> c3

INSERT INTO `retort_version` (version_num) VALUES ('c3');

-- retort stamp b2:base --sql

-- Running stamp_revision b2 -> 

DELETE FROM `retort_version` WHERE `retort_version`.version_num = 'b2';

DROP TABLE `retort_version`;

-- retort stamp b2:b2 --sql


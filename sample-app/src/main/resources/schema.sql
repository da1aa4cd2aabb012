create table owners (
  id bigint primary key,
  first_name varchar(64) not null,
  last_name varchar(64) not null,
  city varchar(64) not null
);

-- the clock /api/slow-query watches: a statement that runs until a moment passes, and that H2 can
-- cancel at any row (unlike a Java sleep inside a function)
CREATE ALIAS IF NOT EXISTS NANO_TIME FOR 'java.lang.System.nanoTime';

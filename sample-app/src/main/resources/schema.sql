create table owners (
  id bigint primary key,
  first_name varchar(64) not null,
  last_name varchar(64) not null,
  city varchar(64) not null
);

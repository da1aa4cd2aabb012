insert into owners (id, first_name, last_name, city) values
  (1, 'George', 'Franklin', 'Madison'),
  (2, 'Betty', 'Davis', 'Sun Prairie'),
  (3, 'Eduardo', 'Rodriquez', 'McFarland'),
  (4, 'Harold', 'Davis', 'Windsor'),
  (5, 'Peter', 'McTavish', 'Madison'),
  (6, 'Jean', 'Coleman', 'Monona'),
  (7, 'Jeff', 'Black', 'Monona'),
  (8, 'Maria', 'Escobito', 'Madison'),
  (9, 'David', 'Schroeder', 'Madison'),
  (10, 'Carlos', 'Estaban', 'Waunakee');

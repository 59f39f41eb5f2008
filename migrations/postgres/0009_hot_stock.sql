-- A checkout changes a product's stock and sold count. With no index on either, PostgreSQL
-- writes the new row version beside the old one in the same page (a HOT update) and no
-- index gains an entry; an indexed sold count made every sale a new entry in each of the
-- product's eight indexes (the search index too), and a product selling fast left every
-- lookup of it walking a long chain of dead entries until vacuum came by. The best-selling
-- listing sorts without the index instead. Free room in each page keeps HOT updates possible.
DROP INDEX products_sold;
ALTER TABLE products SET (fillfactor = 90);

-- As on PostgreSQL (see its 0009): no index on the sold count, which every sale changes.
DROP INDEX products_sold;

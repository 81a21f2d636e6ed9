DROP FUNCTION rate_limit_take(TEXT[], BIGINT[], BIGINT[], INT[]);

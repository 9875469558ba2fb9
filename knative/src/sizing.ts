/**
 * The slowest client the timeouts are sized for: 2 MiB/s (about 17 Mbit/s). A 1 GiB upload at this
 * speed takes 512 s, inside the 600 s Knative allows by default. Slower clients need a smaller
 * KURA_MAX_UPLOAD_BYTES or a longer timeout (README: "Sizing").
 */
export const SLOWEST_CLIENT_BYTES_PER_SECOND = 2 * 1024 * 1024;

/** MySQL's default `max_connections`; MariaDB's is the same. */
export const MYSQL_MAX_CONNECTIONS = 151;

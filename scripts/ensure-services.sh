#!/usr/bin/env bash
# Makes sure what the test suite talks to is up: MariaDB on 127.0.0.1:3306 (root, no password).
set -euo pipefail

mysql_up() {
  mysqladmin --host=127.0.0.1 --port=3306 --user=root --connect-timeout=2 ping >/dev/null 2>&1
}

if ! mysql_up; then
  if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
    echo "ensure-services: MariaDB is not installed; install Debian's mariadb-server first" >&2
    exit 1
  fi
  echo "ensure-services: starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do
    mysql_up && break
    sleep 1
  done
  mysql_up || { echo "ensure-services: MariaDB did not answer within 60 s" >&2; exit 1; }
fi
echo "ensure-services: MariaDB answers on 127.0.0.1:3306"

# Sourced by the fixture recorders (capture-test-traffic.sh, record-known-clients.sh): one small EC
# certificate for fixture.test (it keeps every handshake a few hundred bytes) and an nginx that
# serves one page from $WORK over TLS (h2 and http/1.1), so both record against the same server.

# fixture_cert WORK [EXTRA_SANS]: $WORK/cert.pem and $WORK/key.pem.
fixture_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1/key.pem" \
    -out "$1/cert.pem" -days 2 -subj "/CN=fixture.test" \
    -addext "subjectAltName=DNS:fixture.test,${2:+$2,}IP:127.0.0.1" >/dev/null 2>&1
}

# fixture_nginx_conf WORK CONNECTIONS LISTEN...: $WORK/nginx.conf, one `listen` line per argument
# ("127.0.0.1:9444 ssl http2"). Its pid file is $WORK/nginx.pid (the recorders' cleanup kills it).
fixture_nginx_conf() {
  local work=$1 conns=$2
  shift 2
  mkdir -p "$work/www" "$work/nginx-tmp"
  echo "fixture page" >"$work/www/index.html"
  {
    cat <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections $conns; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
EOF
    for l in "$@"; do echo "    listen $l;"; done
    cat <<EOF
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/www;
    location / { try_files \$uri /index.html; }
  }
}
EOF
  } >"$work/nginx.conf"
}

-- What a TCP connection spoke before its TLS began (issue 18): the STARTTLS-style upgrade
-- (smtp_starttls, imap_starttls, pop3_stls, ftp_auth_tls, ldap_starttls, xmpp_starttls,
-- postgres_sslrequest, mysql_ssl), the proxy hop (socks4, socks5, http_connect), 'openvpn' for
-- TLS inside OpenVPN's control channel, 'other', or '' when the connection started with TLS
-- (ConnectionRecord.tls_upgrade, docs/engine.md). Both connection tables get it at the same
-- place, after ja4ssh: readers union them with SELECT * (main/core/connections-sql.ts).
ALTER TABLE {{local tls_handshakes}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;
ALTER TABLE {{local tls_handshake_finals}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;

-- On a cluster the Distributed tables' columns must follow.
{{cluster_only ALTER TABLE {{table tls_handshakes}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh}};
{{cluster_only ALTER TABLE {{table tls_handshake_finals}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh}};

-- migrate:down
{{cluster_only ALTER TABLE {{table tls_handshake_finals}} {{on_cluster}} DROP COLUMN IF EXISTS tls_upgrade}};
{{cluster_only ALTER TABLE {{table tls_handshakes}} {{on_cluster}} DROP COLUMN IF EXISTS tls_upgrade}};
ALTER TABLE {{local tls_handshake_finals}} {{on_cluster}} DROP COLUMN IF EXISTS tls_upgrade;
ALTER TABLE {{local tls_handshakes}} {{on_cluster}} DROP COLUMN IF EXISTS tls_upgrade;

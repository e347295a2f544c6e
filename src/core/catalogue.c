/*
 * catalogue.c - see catalogue.h.
 *
 * Sources: the benchmark PDFs of v1.6.0, v1.7.0 and v1.8.0 (titles,
 * Automated/Manual), docker-bench-security's labels for v1.5.0's
 * assessment status, the v1.5.0 titles as cisharden has always printed
 * them. Titles differ between editions only in 1.1.9 ("docker.socket"
 * up to v1.6.0, "docker.sock" from v1.7.0) and 3.20 (v1.5.0's wording).
 */
#include "catalogue.h"

#include <errno.h>
#include <string.h>

struct edview {
	const char *id;		/* NULL: the edition lacks the control */
	const char *title;
	bool automated;
};

struct catrow {
	const char *key;
	int section;
	int level;
	struct edview ed[ED__MAX];
};

/* Benchmark order; v1.8.0's 2.7 sits where v1.8.0 puts it. */
static const struct catrow rows[] = {
	{ "host.partition", 1, 1, {
		{ "1.1.1", "Ensure a separate partition for containers has been created", true },
		{ "1.1.1", "Ensure a separate partition for containers has been created", false },
		{ "1.1.1", "Ensure a separate partition for containers has been created", false },
		{ "1.1.1", "Ensure a separate partition for containers has been created", false } } },
	{ "host.docker-group", 1, 1, {
		{ "1.1.2", "Ensure only trusted users are allowed to control Docker daemon", true },
		{ "1.1.2", "Ensure only trusted users are allowed to control Docker daemon", false },
		{ "1.1.2", "Ensure only trusted users are allowed to control Docker daemon", false },
		{ "1.1.2", "Ensure only trusted users are allowed to control Docker daemon", false } } },
	{ "audit.dockerd", 1, 1, {
		{ "1.1.3", "Ensure auditing is configured for the Docker daemon", true },
		{ "1.1.3", "Ensure auditing is configured for the Docker daemon", true },
		{ "1.1.3", "Ensure auditing is configured for the Docker daemon", true },
		{ "1.1.3", "Ensure auditing is configured for the Docker daemon", true } } },
	{ "audit.run-containerd", 1, 1, {
		{ "1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd", true },
		{ "1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd", true },
		{ "1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd", false },
		{ "1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd", false } } },
	{ "audit.var-lib-docker", 1, 1, {
		{ "1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker", true },
		{ "1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker", false },
		{ "1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker", false },
		{ "1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker", false } } },
	{ "audit.etc-docker", 1, 1, {
		{ "1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker", true },
		{ "1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker", true },
		{ "1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker", true },
		{ "1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker", true } } },
	{ "audit.docker-service", 1, 2, {
		{ "1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service", true },
		{ "1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service", true },
		{ "1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service", true },
		{ "1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service", true } } },
	{ "audit.containerd-sock", 1, 2, {
		{ "1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock", true },
		{ "1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock", true },
		{ "1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock", true },
		{ "1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock", true } } },
	{ "audit.docker-sock", 1, 2, {
		{ "1.1.9", "Ensure auditing is configured for Docker files and directories - docker.socket", true },
		{ "1.1.9", "Ensure auditing is configured for Docker files and directories - docker.socket", true },
		{ "1.1.9", "Ensure auditing is configured for Docker files and directories - docker.sock", true },
		{ "1.1.9", "Ensure auditing is configured for Docker files and directories - docker.sock", true } } },
	{ "audit.etc-default-docker", 1, 2, {
		{ "1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker", true },
		{ "1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker", true },
		{ "1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker", true },
		{ "1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker", true } } },
	{ "audit.daemon-json", 1, 2, {
		{ "1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json", true },
		{ "1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json", true },
		{ "1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json", true },
		{ "1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json", true } } },
	{ "audit.containerd-config", 1, 2, {
		{ "1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml", true },
		{ "1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml", true },
		{ "1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml", true },
		{ "1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml", true } } },
	{ "audit.etc-sysconfig-docker", 1, 2, {
		{ "1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", true },
		{ "1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", true },
		{ "1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", true },
		{ "1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", true } } },
	{ "audit.containerd-bin", 1, 2, {
		{ "1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", true },
		{ "1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", true },
		{ "1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", true },
		{ "1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", true } } },
	{ "audit.containerd-shim", 1, 2, {
		{ "1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", true },
		{ "1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", false },
		{ "1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", true },
		{ "1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", true } } },
	{ "audit.containerd-shim-runc-v1", 1, 2, {
		{ "1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1", true },
		{ "1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1", false },
		{ "1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1", false },
		{ "1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1", false } } },
	{ "audit.containerd-shim-runc-v2", 1, 2, {
		{ "1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2", true },
		{ "1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2", false },
		{ "1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2", true },
		{ "1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2", true } } },
	{ "audit.runc", 1, 2, {
		{ "1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", true },
		{ "1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", false },
		{ "1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", true },
		{ "1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", true } } },
	{ "host.hardened", 1, 1, {
		{ "1.2.1", "Ensure the container host has been Hardened", false },
		{ "1.2.1", "Ensure the container host has been Hardened", false },
		{ "1.2.1", "Ensure the container host has been Hardened", false },
		{ "1.2.1", "Ensure the container host has been Hardened", false } } },
	{ "host.docker-version", 1, 1, {
		{ "1.2.2", "Ensure that the version of Docker is up to date", false },
		{ "1.2.2", "Ensure that the version of Docker is up to date", false },
		{ "1.2.2", "Ensure that the version of Docker is up to date", false },
		{ "1.2.2", "Ensure that the version of Docker is up to date", false } } },
	{ "daemon.rootless", 2, 1, {
		{ "2.1", "Run the Docker daemon as a non-root user, if possible", false },
		{ "2.1", "Run the Docker daemon as a non-root user, if possible", false },
		{ "2.1", "Run the Docker daemon as a non-root user, if possible", false },
		{ "2.1", "Run the Docker daemon as a non-root user, if possible", false } } },
	{ "daemon.icc", 2, 1, {
		{ "2.2", "Ensure network traffic is restricted between containers on the default bridge", true },
		{ "2.2", "Ensure network traffic is restricted between containers on the default bridge", false },
		{ "2.2", "Ensure network traffic is restricted between containers on the default bridge", false },
		{ "2.2", "Ensure network traffic is restricted between containers on the default bridge", false } } },
	{ "daemon.log-level", 2, 1, {
		{ "2.3", "Ensure the logging level is set to 'info'", true },
		{ "2.3", "Ensure the logging level is set to 'info'", false },
		{ "2.3", "Ensure the logging level is set to 'info'", false },
		{ "2.3", "Ensure the logging level is set to 'info'", false } } },
	{ "daemon.iptables", 2, 1, {
		{ "2.4", "Ensure Docker is allowed to make changes to iptables", true },
		{ "2.4", "Ensure Docker is allowed to make changes to iptables", false },
		{ "2.4", "Ensure Docker is allowed to make changes to iptables", false },
		{ "2.4", "Ensure Docker is allowed to make changes to iptables", false } } },
	{ "daemon.insecure-registries", 2, 1, {
		{ "2.5", "Ensure insecure registries are not used", true },
		{ "2.5", "Ensure insecure registries are not used", false },
		{ "2.5", "Ensure insecure registries are not used", false },
		{ "2.5", "Ensure insecure registries are not used", false } } },
	{ "daemon.no-aufs", 2, 1, {
		{ "2.6", "Ensure aufs storage driver is not used", true },
		{ "2.6", "Ensure aufs storage driver is not used", false },
		{ "2.6", "Ensure aufs storage driver is not used", false },
		{ "2.6", "Ensure aufs storage driver is not used", false } } },
	{ "daemon.no-devicemapper", 2, 1, {
		{ NULL, NULL, false },
		{ NULL, NULL, false },
		{ NULL, NULL, false },
		{ "2.7", "Ensure devicemapper storage driver is not used", false } } },
	{ "daemon.tls", 2, 1, {
		{ "2.7", "Ensure TLS authentication for Docker daemon is configured", true },
		{ "2.7", "Ensure TLS authentication for Docker daemon is configured", false },
		{ "2.7", "Ensure TLS authentication for Docker daemon is configured", false },
		{ "2.8", "Ensure TLS authentication for Docker daemon is configured", false } } },
	{ "daemon.default-ulimits", 2, 1, {
		{ "2.8", "Ensure the default ulimit is configured appropriately", false },
		{ "2.8", "Ensure the default ulimit is configured appropriately", false },
		{ "2.8", "Ensure the default ulimit is configured appropriately", false },
		{ "2.9", "Ensure the default ulimit is configured appropriately", false } } },
	{ "daemon.userns-remap", 2, 2, {
		{ "2.9", "Enable user namespace support", true },
		{ "2.9", "Enable user namespace support", false },
		{ "2.9", "Enable user namespace support", false },
		{ "2.10", "Enable user namespace support", false } } },
	{ "daemon.cgroup-parent", 2, 2, {
		{ "2.10", "Ensure the default cgroup usage has been confirmed", true },
		{ "2.10", "Ensure the default cgroup usage has been confirmed", false },
		{ "2.10", "Ensure the default cgroup usage has been confirmed", false },
		{ "2.11", "Ensure the default cgroup usage has been confirmed", false } } },
	{ "daemon.base-device-size", 2, 2, {
		{ "2.11", "Ensure base device size is not changed until needed", true },
		{ "2.11", "Ensure base device size is not changed until needed", false },
		{ "2.11", "Ensure base device size is not changed until needed", false },
		{ "2.12", "Ensure base device size is not changed until needed", false } } },
	{ "daemon.authorization-plugins", 2, 2, {
		{ "2.12", "Ensure that authorization for Docker client commands is enabled", true },
		{ "2.12", "Ensure that authorization for Docker client commands is enabled", false },
		{ "2.12", "Ensure that authorization for Docker client commands is enabled", false },
		{ "2.13", "Ensure that authorization for Docker client commands is enabled", false } } },
	{ "daemon.remote-logging", 2, 2, {
		{ "2.13", "Ensure centralized and remote logging is configured", true },
		{ "2.13", "Ensure centralized and remote logging is configured", false },
		{ "2.13", "Ensure centralized and remote logging is configured", false },
		{ "2.14", "Ensure centralized and remote logging is configured", false } } },
	{ "daemon.no-new-privileges", 2, 1, {
		{ "2.14", "Ensure containers are restricted from acquiring new privileges", true },
		{ "2.14", "Ensure containers are restricted from acquiring new privileges", false },
		{ "2.14", "Ensure containers are restricted from acquiring new privileges", false },
		{ "2.15", "Ensure containers are restricted from acquiring new privileges", false } } },
	{ "daemon.live-restore", 2, 1, {
		{ "2.15", "Ensure live restore is enabled", true },
		{ "2.15", "Ensure live restore is enabled", false },
		{ "2.15", "Ensure live restore is enabled", false },
		{ "2.16", "Ensure live restore is enabled", false } } },
	{ "daemon.userland-proxy", 2, 1, {
		{ "2.16", "Ensure Userland Proxy is Disabled", true },
		{ "2.16", "Ensure Userland Proxy is Disabled", false },
		{ "2.16", "Ensure Userland Proxy is Disabled", false },
		{ "2.17", "Ensure Userland Proxy is Disabled", false } } },
	{ "daemon.seccomp-profile", 2, 2, {
		{ "2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", false },
		{ "2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", false },
		{ "2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", false },
		{ "2.18", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", false } } },
	{ "daemon.experimental", 2, 1, {
		{ "2.18", "Ensure that experimental features are not implemented in production", true },
		{ "2.18", "Ensure that experimental features are not implemented in production", false },
		{ "2.18", "Ensure that experimental features are not implemented in production", false },
		{ "2.19", "Ensure that experimental features are not implemented in production", false } } },
	{ "perms.docker-service-owner", 3, 1, {
		{ "3.1", "Ensure that the docker.service file ownership is set to root:root", true },
		{ "3.1", "Ensure that the docker.service file ownership is set to root:root", true },
		{ "3.1", "Ensure that the docker.service file ownership is set to root:root", true },
		{ "3.1", "Ensure that the docker.service file ownership is set to root:root", true } } },
	{ "perms.docker-service-mode", 3, 1, {
		{ "3.2", "Ensure that docker.service file permissions are appropriately set", true },
		{ "3.2", "Ensure that docker.service file permissions are appropriately set", true },
		{ "3.2", "Ensure that docker.service file permissions are appropriately set", true },
		{ "3.2", "Ensure that docker.service file permissions are appropriately set", true } } },
	{ "perms.docker-socket-unit-owner", 3, 1, {
		{ "3.3", "Ensure that docker.socket file ownership is set to root:root", true },
		{ "3.3", "Ensure that docker.socket file ownership is set to root:root", true },
		{ "3.3", "Ensure that docker.socket file ownership is set to root:root", true },
		{ "3.3", "Ensure that docker.socket file ownership is set to root:root", true } } },
	{ "perms.docker-socket-unit-mode", 3, 1, {
		{ "3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive", true },
		{ "3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive", true },
		{ "3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive", true },
		{ "3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive", true } } },
	{ "perms.etc-docker-owner", 3, 1, {
		{ "3.5", "Ensure that the /etc/docker directory ownership is set to root:root", true },
		{ "3.5", "Ensure that the /etc/docker directory ownership is set to root:root", true },
		{ "3.5", "Ensure that the /etc/docker directory ownership is set to root:root", true },
		{ "3.5", "Ensure that the /etc/docker directory ownership is set to root:root", true } } },
	{ "perms.etc-docker-mode", 3, 1, {
		{ "3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", true },
		{ "3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", true },
		{ "3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", true },
		{ "3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", true } } },
	{ "perms.registry-certs-owner", 3, 1, {
		{ "3.7", "Ensure that registry certificate file ownership is set to root:root", true },
		{ "3.7", "Ensure that registry certificate file ownership is set to root:root", false },
		{ "3.7", "Ensure that registry certificate file ownership is set to root:root", false },
		{ "3.7", "Ensure that registry certificate file ownership is set to root:root", false } } },
	{ "perms.registry-certs-mode", 3, 1, {
		{ "3.8", "Ensure that registry certificate file permissions are set to 444 or more restrictively", true },
		{ "3.8", "Ensure that registry certificate file permissions are set to 444 or more restrictively", false },
		{ "3.8", "Ensure that registry certificate file permissions are set to 444 or more restrictively", false },
		{ "3.8", "Ensure that registry certificate file permissions are set to 444 or more restrictively", false } } },
	{ "perms.tls-ca-owner", 3, 1, {
		{ "3.9", "Ensure that TLS CA certificate file ownership is set to root:root", true },
		{ "3.9", "Ensure that TLS CA certificate file ownership is set to root:root", false },
		{ "3.9", "Ensure that TLS CA certificate file ownership is set to root:root", false },
		{ "3.9", "Ensure that TLS CA certificate file ownership is set to root:root", false } } },
	{ "perms.tls-ca-mode", 3, 1, {
		{ "3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", true },
		{ "3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", false },
		{ "3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", false },
		{ "3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", false } } },
	{ "perms.server-cert-owner", 3, 1, {
		{ "3.11", "Ensure that Docker server certificate file ownership is set to root:root", true },
		{ "3.11", "Ensure that Docker server certificate file ownership is set to root:root", false },
		{ "3.11", "Ensure that Docker server certificate file ownership is set to root:root", false },
		{ "3.11", "Ensure that Docker server certificate file ownership is set to root:root", false } } },
	{ "perms.server-cert-mode", 3, 1, {
		{ "3.12", "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", true },
		{ "3.12", "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", false },
		{ "3.12", "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", false },
		{ "3.12", "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", false } } },
	{ "perms.server-key-owner", 3, 1, {
		{ "3.13", "Ensure that the Docker server certificate key file ownership is set to root:root", true },
		{ "3.13", "Ensure that the Docker server certificate key file ownership is set to root:root", false },
		{ "3.13", "Ensure that the Docker server certificate key file ownership is set to root:root", false },
		{ "3.13", "Ensure that the Docker server certificate key file ownership is set to root:root", false } } },
	{ "perms.server-key-mode", 3, 1, {
		{ "3.14", "Ensure that the Docker server certificate key file permissions are set to 400", true },
		{ "3.14", "Ensure that the Docker server certificate key file permissions are set to 400", false },
		{ "3.14", "Ensure that the Docker server certificate key file permissions are set to 400", false },
		{ "3.14", "Ensure that the Docker server certificate key file permissions are set to 400", false } } },
	{ "perms.docker-sock-owner", 3, 1, {
		{ "3.15", "Ensure that the Docker socket file ownership is set to root:docker", true },
		{ "3.15", "Ensure that the Docker socket file ownership is set to root:docker", true },
		{ "3.15", "Ensure that the Docker socket file ownership is set to root:docker", true },
		{ "3.15", "Ensure that the Docker socket file ownership is set to root:docker", true } } },
	{ "perms.docker-sock-mode", 3, 1, {
		{ "3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively", true },
		{ "3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively", true },
		{ "3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively", true },
		{ "3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively", true } } },
	{ "perms.daemon-json-owner", 3, 2, {
		{ "3.17", "Ensure that the daemon.json file ownership is set to root:root", true },
		{ "3.17", "Ensure that the daemon.json file ownership is set to root:root", false },
		{ "3.17", "Ensure that the daemon.json file ownership is set to root:root", false },
		{ "3.17", "Ensure that the daemon.json file ownership is set to root:root", false } } },
	{ "perms.daemon-json-mode", 3, 2, {
		{ "3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive", true },
		{ "3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive", false },
		{ "3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive", false },
		{ "3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive", false } } },
	{ "perms.etc-default-docker-owner", 3, 2, {
		{ "3.19", "Ensure that the /etc/default/docker file ownership is set to root:root", true },
		{ "3.19", "Ensure that the /etc/default/docker file ownership is set to root:root", false },
		{ "3.19", "Ensure that the /etc/default/docker file ownership is set to root:root", false },
		{ "3.19", "Ensure that the /etc/default/docker file ownership is set to root:root", false } } },
	{ "perms.etc-default-docker-mode", 3, 2, {
		{ "3.20", "Ensure that the /etc/default/docker file permissions are set as appropriate", true },
		{ "3.20", "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively", false },
		{ "3.20", "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively", false },
		{ "3.20", "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively", false } } },
	{ "perms.etc-sysconfig-docker-mode", 3, 2, {
		{ "3.21", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", true },
		{ "3.21", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", false },
		{ "3.21", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", false },
		{ "3.21", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", false } } },
	{ "perms.etc-sysconfig-docker-owner", 3, 2, {
		{ "3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", true },
		{ "3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", false },
		{ "3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", false },
		{ "3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", false } } },
	{ "perms.containerd-sock-owner", 3, 1, {
		{ "3.23", "Ensure that the Containerd socket file ownership is set to root:root", true },
		{ "3.23", "Ensure that the Containerd socket file ownership is set to root:root", true },
		{ "3.23", "Ensure that the Containerd socket file ownership is set to root:root", true },
		{ "3.23", "Ensure that the Containerd socket file ownership is set to root:root", true } } },
	{ "perms.containerd-sock-mode", 3, 1, {
		{ "3.24", "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", true },
		{ "3.24", "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", true },
		{ "3.24", "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", true },
		{ "3.24", "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", true } } },
};

static const char *const names[ED__MAX] = { "1.5.0", "1.6.0", "1.7.0", "1.8.0" };
static const char *const titles[ED__MAX] = {
	"CIS Docker Benchmark v1.5.0", "CIS Docker Benchmark v1.6.0",
	"CIS Docker Benchmark v1.7.0", "CIS Docker Benchmark v1.8.0",
};

static bool
valid(enum edition e)
{
	return (unsigned)e < ED__MAX;
}

const char *
edition_name(enum edition e)
{
	return valid(e) ? names[e] : "?";
}

const char *
edition_title(enum edition e)
{
	return valid(e) ? titles[e] : "?";
}

int
edition_parse(const char *s, enum edition *out)
{
	if (!s)
		return -EINVAL;
	if (s[0] == 'v')
		s++;
	for (int e = 0; e < ED__MAX; e++) {
		if (strcmp(s, names[e]) == 0) {
			*out = (enum edition)e;
			return 0;
		}
	}
	return -EINVAL;
}

static void
fill(const struct catrow *r, enum edition e, struct catentry *out)
{
	out->key = r->key;
	out->id = r->ed[e].id;
	out->title = r->ed[e].title;
	out->automated = r->ed[e].automated;
	out->level = r->level;
	out->section = r->section;
}

size_t
catalogue_count(enum edition e)
{
	size_t n = 0;

	if (!valid(e))
		return 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		n += rows[i].ed[e].id != NULL;
	return n;
}

int
catalogue_at(enum edition e, size_t i, struct catentry *out)
{
	if (!valid(e))
		return -ENOENT;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (!rows[r].ed[e].id)
			continue;
		if (i-- == 0) {
			fill(&rows[r], e, out);
			return 0;
		}
	}
	return -ENOENT;
}

int
catalogue_by_id(enum edition e, const char *id, struct catentry *out)
{
	if (!valid(e) || !id)
		return -ENOENT;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (rows[r].ed[e].id && strcmp(rows[r].ed[e].id, id) == 0) {
			fill(&rows[r], e, out);
			return 0;
		}
	}
	return -ENOENT;
}

int
catalogue_by_key(enum edition e, const char *key, struct catentry *out)
{
	if (!valid(e) || !key)
		return -ENOENT;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (strcmp(rows[r].key, key) == 0) {
			if (!rows[r].ed[e].id)
				return -ENOENT;
			fill(&rows[r], e, out);
			return 0;
		}
	}
	return -ENOENT;
}

int
catalogue_rank(const char *key)
{
	size_t r;

	for (r = 0; key && r < sizeof(rows) / sizeof(rows[0]); r++)
		if (strcmp(rows[r].key, key) == 0)
			break;
	return (int)r;
}

const char *
catalogue_translate(enum edition from, const char *id, enum edition to)
{
	struct catentry c, d;

	if (catalogue_by_id(from, id, &c) < 0 || catalogue_by_key(to, c.key, &d) < 0)
		return NULL;
	return d.id;
}

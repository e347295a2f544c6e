/*
 * ctltext.c - see ctltext.h. The words are cisharden's: what its
 * verifier looks at and what apply changes, never the benchmark's text.
 *
 * Severity: MEDIUM unless a row says otherwise. HIGH where a gap hands
 * root on the host to whoever reaches it (the Engine API socket, TCP
 * without TLS, registries without TLS, the TLS key, the docker group);
 * LOW for audit watches on files that change rarely and for advice that
 * is context-dependent (partition, seccomp, cgroup parent, base device
 * size); INFORMATIONAL for the manual host reviews. Level 1/2 is never
 * mapped to severity (levels say how intrusive a control is, not how
 * bad its absence is).
 */
#include "ctltext.h"

#include <stddef.h>
#include <string.h>

#define AUDIT_FIX(what) "Writes a watch rule for " what " into " \
	"/etc/audit/rules.d/50-cisharden-docker.rules and loads it into the " \
	"running kernel; a watch is only written where its parent directory exists."

static const struct ctltext rows[] = {
	{ "host.partition", "LOW",
	  "Whether Docker's data root (daemon.json data-root, else /var/lib/docker) "
	  "is a mount point of its own filesystem, from the mount table (or /etc/fstab "
	  "of an image tree).",
	  "Reported only: a separate filesystem must be set up when the disk is laid out." },
	{ "host.docker-group", "HIGH",
	  "Who is a member of the docker group (supplementary and primary groups); "
	  "with the profile's trusted_users list any other member fails, without it "
	  "the list is shown for review.",
	  "Reported only: remove untrusted users from the group, or list the trusted "
	  "ones in the profile parameter trusted_users." },
	{ "audit.dockerd", "MEDIUM",
	  "That the audit rules on disk and in the kernel watch every installed dockerd binary.",
	  AUDIT_FIX("each dockerd binary") },
	{ "audit.run-containerd", "LOW",
	  "That /run/containerd is audited for writes and attribute changes.",
	  AUDIT_FIX("/run/containerd (a path rule, not recursive)") },
	{ "audit.var-lib-docker", "LOW",
	  "That Docker's data root is audited.",
	  AUDIT_FIX("the data root (a path rule, not recursive)") },
	{ "audit.etc-docker", "MEDIUM",
	  "That /etc/docker, where the daemon configuration and TLS material live, is audited.",
	  AUDIT_FIX("/etc/docker") },
	{ "audit.docker-service", "MEDIUM",
	  "That every copy of docker.service on systemd's search path, and its drop-ins, is audited.",
	  AUDIT_FIX("docker.service and its drop-ins") },
	{ "audit.containerd-sock", "LOW",
	  "That containerd's socket is audited.",
	  AUDIT_FIX("containerd's socket") },
	{ "audit.docker-sock", "MEDIUM",
	  "That the docker.socket unit and its drop-ins are audited.",
	  AUDIT_FIX("docker.socket and its drop-ins") },
	{ "audit.etc-default-docker", "LOW",
	  "That /etc/default/docker, read by the Debian init scripts, is audited.",
	  AUDIT_FIX("/etc/default/docker") },
	{ "audit.daemon-json", "MEDIUM",
	  "That /etc/docker/daemon.json is audited.",
	  AUDIT_FIX("daemon.json") },
	{ "audit.containerd-config", "LOW",
	  "That containerd's configuration file is audited.",
	  AUDIT_FIX("/etc/containerd/config.toml") },
	{ "audit.etc-sysconfig-docker", "LOW",
	  "That /etc/sysconfig/docker, read on RPM-based hosts, is audited.",
	  AUDIT_FIX("/etc/sysconfig/docker") },
	{ "audit.containerd-bin", "LOW",
	  "That the containerd binary is audited.",
	  AUDIT_FIX("each containerd binary") },
	{ "audit.containerd-shim", "LOW",
	  "That the legacy containerd-shim binary is audited where it is installed.",
	  AUDIT_FIX("containerd-shim") },
	{ "audit.containerd-shim-runc-v1", "LOW",
	  "That containerd-shim-runc-v1 is audited where it is installed.",
	  AUDIT_FIX("containerd-shim-runc-v1") },
	{ "audit.containerd-shim-runc-v2", "LOW",
	  "That containerd-shim-runc-v2 is audited.",
	  AUDIT_FIX("containerd-shim-runc-v2") },
	{ "audit.runc", "LOW",
	  "That every installed runc binary is audited.",
	  AUDIT_FIX("each runc binary") },
	{ "host.hardened", "INFORMATIONAL",
	  "Nothing automatic: hardening the host as a whole is outside this benchmark's sections.",
	  "Reported as manual: apply an operating-system benchmark to the host." },
	{ "host.docker-version", "INFORMATIONAL",
	  "The installed Docker package version, from the package database, shown for review.",
	  "Reported as manual: keep Docker updated from the distribution or Docker's repository." },
	{ "daemon.rootless", "INFORMATIONAL",
	  "Nothing automatic: whether dockerd can run rootless depends on the workloads.",
	  "Reported as manual: consider rootless mode where the workloads allow it." },
	{ "daemon.icc", "MEDIUM",
	  "That inter-container communication on the default bridge is off, in daemon.json "
	  "and on dockerd's command line, and in the running daemon.",
	  "Sets \"icc\": false in daemon.json (merged, the rest kept); a restart of dockerd enforces it." },
	{ "daemon.log-level", "LOW",
	  "That dockerd logs at level info, from daemon.json and its flags.",
	  "Sets \"log-level\": \"info\" in daemon.json." },
	{ "daemon.iptables", "MEDIUM",
	  "That dockerd is left to manage iptables rules (iptables not turned off).",
	  "Sets \"iptables\": true in daemon.json." },
	{ "daemon.insecure-registries", "HIGH",
	  "That no registry is pulled from without TLS (insecure-registries empty).",
	  "Reported only: remove the entries from \"insecure-registries\" and give those "
	  "registries TLS certificates." },
	{ "daemon.no-aufs", "MEDIUM",
	  "That the storage driver is not aufs.",
	  "Reported only: changing the driver of a populated store loses its images; "
	  "choose overlay2 when the host is built." },
	{ "daemon.no-devicemapper", "MEDIUM",
	  "That the storage driver is not devicemapper.",
	  "Reported only: changing the driver of a populated store loses its images; "
	  "choose overlay2 when the host is built." },
	{ "daemon.tls", "HIGH",
	  "That a TCP listener, where dockerd has one, requires TLS with client "
	  "verification (tlsverify, tlscacert, tlscert, tlskey).",
	  "Reported only (cisharden makes no certificates): set tlsverify and the three "
	  "files, or listen on the Unix socket only." },
	{ "daemon.default-ulimits", "LOW",
	  "That default ulimits are set for containers, with the profile's values.",
	  "Sets \"default-ulimits\" in daemon.json from the profile (opt-in: needs values)." },
	{ "daemon.userns-remap", "MEDIUM",
	  "That user namespace remapping is configured (userns-remap).",
	  "Sets \"userns-remap\" from the profile (opt-in: it changes image ownership)." },
	{ "daemon.cgroup-parent", "LOW",
	  "The cgroup parent containers are placed under, against the profile's value.",
	  "Reported only: review the cgroup parent containers use." },
	{ "daemon.base-device-size", "LOW",
	  "That the base device size (storage-opts dm.basesize) is left at its default.",
	  "Reported only: remove dm.basesize from \"storage-opts\" unless a workload needs it." },
	{ "daemon.authorization-plugins", "MEDIUM",
	  "That an authorization plugin vets Engine API requests.",
	  "Sets \"authorization-plugins\" from the profile (opt-in: the plugin must be installed)." },
	{ "daemon.remote-logging", "MEDIUM",
	  "That container logs go to a central log driver, not only the local json-file.",
	  "Sets \"log-driver\" and \"log-opts\" from the profile (opt-in: needs a destination)." },
	{ "daemon.no-new-privileges", "MEDIUM",
	  "That containers cannot gain privileges through setuid binaries by default.",
	  "Sets \"no-new-privileges\": true in daemon.json." },
	{ "daemon.live-restore", "LOW",
	  "That containers keep running while dockerd restarts (live-restore); not on Swarm nodes.",
	  "Sets \"live-restore\": true in daemon.json, except on a Swarm node." },
	{ "daemon.userland-proxy", "LOW",
	  "That the userland proxy is off, so published ports go through iptables.",
	  "Sets \"userland-proxy\": false in daemon.json." },
	{ "daemon.seccomp-profile", "LOW",
	  "Whether a daemon-wide seccomp profile other than Docker's default is set.",
	  "Sets \"seccomp-profile\" from the profile when one is given (opt-in)." },
	{ "daemon.experimental", "MEDIUM",
	  "That experimental features are off in daemon.json, on the command line and "
	  "in the running daemon.",
	  "Sets \"experimental\": false in daemon.json." },
	{ "perms.docker-service-owner", "MEDIUM",
	  "The owner of every docker.service copy and drop-in is root:root.",
	  "Changes the owner to root:root (never loosens anything)." },
	{ "perms.docker-service-mode", "MEDIUM",
	  "No docker.service copy or drop-in is writable by group or others (0644 at most).",
	  "Removes the excess permission bits." },
	{ "perms.docker-socket-unit-owner", "MEDIUM",
	  "The owner of every docker.socket copy and drop-in is root:root.",
	  "Changes the owner to root:root." },
	{ "perms.docker-socket-unit-mode", "MEDIUM",
	  "No docker.socket copy or drop-in is writable by group or others (0644 at most).",
	  "Removes the excess permission bits." },
	{ "perms.etc-docker-owner", "MEDIUM",
	  "/etc/docker is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.etc-docker-mode", "MEDIUM",
	  "/etc/docker is not writable by group or others (0755 at most).",
	  "Removes the excess permission bits." },
	{ "perms.registry-certs-owner", "MEDIUM",
	  "Every file under /etc/docker/certs.d is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.registry-certs-mode", "MEDIUM",
	  "No registry certificate under /etc/docker/certs.d is writable (0444 at most).",
	  "Removes the excess permission bits." },
	{ "perms.tls-ca-owner", "MEDIUM",
	  "The CA certificate named by tlscacert is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.tls-ca-mode", "MEDIUM",
	  "The CA certificate named by tlscacert is read-only (0444 at most).",
	  "Removes the excess permission bits." },
	{ "perms.server-cert-owner", "MEDIUM",
	  "The server certificate named by tlscert is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.server-cert-mode", "MEDIUM",
	  "The server certificate named by tlscert is read-only (0444 at most).",
	  "Removes the excess permission bits." },
	{ "perms.server-key-owner", "HIGH",
	  "The server key named by tlskey is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.server-key-mode", "HIGH",
	  "The server key named by tlskey is readable by its owner only (0400).",
	  "Removes the excess permission bits." },
	{ "perms.docker-sock-owner", "HIGH",
	  "The Engine API socket (and the docker.socket unit's SocketUser/SocketGroup) "
	  "is owned by root and the docker group.",
	  "Changes the owner of the socket, and of the unit's socket settings through a drop-in." },
	{ "perms.docker-sock-mode", "HIGH",
	  "The Engine API socket is not reachable by others (0660 at most).",
	  "Removes the excess permission bits, on the socket and through the unit's SocketMode." },
	{ "perms.daemon-json-owner", "MEDIUM",
	  "daemon.json is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.daemon-json-mode", "MEDIUM",
	  "daemon.json is not writable by group or others (0644 at most).",
	  "Removes the excess permission bits." },
	{ "perms.etc-default-docker-owner", "MEDIUM",
	  "/etc/default/docker is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.etc-default-docker-mode", "MEDIUM",
	  "/etc/default/docker is not writable by group or others (0644 at most).",
	  "Removes the excess permission bits." },
	{ "perms.etc-sysconfig-docker-mode", "MEDIUM",
	  "/etc/sysconfig/docker is not writable by group or others (0644 at most).",
	  "Removes the excess permission bits." },
	{ "perms.etc-sysconfig-docker-owner", "MEDIUM",
	  "/etc/sysconfig/docker is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.containerd-sock-owner", "HIGH",
	  "containerd's socket is owned by root:root.",
	  "Changes the owner to root:root." },
	{ "perms.containerd-sock-mode", "HIGH",
	  "containerd's socket is not reachable by others (0660 at most).",
	  "Removes the excess permission bits." },
};

const struct ctltext *
ctltext_find(const char *key)
{
	size_t i;

	for (i = 0; key != NULL && i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].key, key) == 0)
			return &rows[i];
	return NULL;
}

const struct ctltext *
ctltext_at(size_t i)
{
	return i < sizeof(rows) / sizeof(rows[0]) ? &rows[i] : NULL;
}

int
ctltext_severity_ok(const char *s)
{
	static const char *const labels[] = {
		"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL",
	};
	size_t i;

	for (i = 0; s != NULL && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i], s) == 0)
			return 1;
	return 0;
}

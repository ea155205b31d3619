#!/usr/bin/env bash
# Makes this machine ready for berth's tests: a Docker engine that answers, the tools the
# tests run, and the test image berth-test/busybox. Idempotent: on a machine that
# has all of it, it only looks.
set -euo pipefail

readonly TEST_IMAGE=berth-test/busybox
readonly DEFAULT_HOST=unix:///var/run/docker.sock
readonly DOCKERD_LOG=/var/log/berth-dockerd.log
readonly APT_LOG=/var/log/berth-apt.log

say() { printf 'provision: %s\n' "$*"; }
die() {
	printf 'provision: %s\n' "$@" >&2
	exit 1
}

engine_answers() {
	local host=${DOCKER_HOST:-$DEFAULT_HOST}
	if [[ $host == unix://* ]] && command -v curl >/dev/null; then
		curl --silent --fail --max-time 5 --unix-socket "${host#unix://}" http://localhost/_ping >/dev/null 2>&1
	else
		command -v docker >/dev/null && timeout 10 docker version >/dev/null 2>&1
	fi
}

package_installed() {
	[[ $(dpkg-query --show --showformat='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]
}

can_install() {
	[[ $(id -u) == 0 ]] && command -v apt-get >/dev/null
}

apt_updated=false
# Installs those of the given Debian packages that are missing; says why it cannot if it cannot.
ensure_packages() {
	local missing=() package
	for package in "$@"; do
		package_installed "$package" || missing+=("$package")
	done
	if ((${#missing[@]} == 0)); then
		return
	fi
	can_install || die "missing: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
	if [[ $apt_updated == false ]]; then
		say "apt-get update"
		apt_quietly update
		apt_updated=true
	fi
	say "installing ${missing[*]}"
	apt_quietly install -y "${missing[@]}"
}

# apt's progress goes to a log, shown only when apt fails.
apt_quietly() {
	if ! DEBIAN_FRONTEND=noninteractive apt-get -q "$@" </dev/null >>"$APT_LOG" 2>&1; then
		tail -n 30 "$APT_LOG" >&2
		die "apt-get $1 failed; its log is $APT_LOG"
	fi
}

launch_dockerd() {
	# Its own session, so that ^C on the test run does not stop the engine.
	setsid dockerd </dev/null >>"$DOCKERD_LOG" 2>&1 &
	dockerd_pid=$!
}

start_dockerd() {
	# A dockerd that is still starting (its pid file names a live process) needs only waiting for.
	dockerd_pid=$(cat /var/run/docker.pid 2>/dev/null || true)
	if [[ -n $dockerd_pid ]] && kill -0 "$dockerd_pid" 2>/dev/null; then
		say "dockerd (pid $dockerd_pid) is running but not answering yet; waiting"
	else
		say "starting dockerd (log: $DOCKERD_LOG)"
		launch_dockerd
	fi
	# containerd first reaps the tasks of containers that were running when the machine stopped,
	# one shim at a time; with hundreds of them dockerd gives up waiting for it and exits. Each
	# start reaps more, so dockerd is started again for as long as the 10 minutes allow.
	local deadline=$((SECONDS + 600)) starts=1
	until engine_answers; do
		if ((SECONDS >= deadline)); then
			tail -n 30 "$DOCKERD_LOG" >&2 || true
			die "dockerd did not answer within 10 minutes ($starts starts); its log is $DOCKERD_LOG"
		fi
		if ! kill -0 "$dockerd_pid" 2>/dev/null; then
			if ! tail -n 5 "$DOCKERD_LOG" | grep -q 'timeout waiting for containerd'; then
				tail -n 30 "$DOCKERD_LOG" >&2 || true
				die "dockerd exited before it answered; its log is $DOCKERD_LOG"
			fi
			starts=$((starts + 1))
			say "containerd is still cleaning up after containers of an earlier run; starting dockerd again ($starts)"
			launch_dockerd
		fi
		sleep 0.5
	done
}

ensure_engine() {
	local host=${DOCKER_HOST:-$DEFAULT_HOST}
	if engine_answers; then
		say "engine answers at $host"
		return
	fi
	if [[ $host != "$DEFAULT_HOST" ]]; then
		die "no Docker engine answers at DOCKER_HOST=$host." \
			"Start the engine it names, or unset DOCKER_HOST and run this script as root: it then" \
			"installs docker.io and starts dockerd."
	fi
	local socket=${DEFAULT_HOST#unix://}
	if [[ -S $socket && ! -w $socket ]]; then
		die "an engine socket is at $socket, but user $(id -un) may not use it." \
			"Run as root, join the group that owns it (usually docker), or set DOCKER_HOST."
	fi
	if ! can_install; then
		die "no Docker engine answers at $host, and this script can start one only as root where" \
			"apt-get works. To get an engine, either:" \
			"  - as root: apt-get install docker.io docker-compose busybox-static tmux; dockerd &" \
			"    (or run \`npm test\` as root, which does that)," \
			"  - or set DOCKER_HOST to an engine that answers (unix:///path/to.sock, tcp://host:2375)."
	fi
	ensure_packages docker.io docker-compose busybox-static iproute2 curl
	start_dockerd
	say "engine answers at $host"
}

# What the tests run besides the engine: docker and compose clients, tmux for the end-to-end
# tests, ip for the private engines' network namespaces, a registry for the registry tests.
ensure_tools() {
	command -v docker >/dev/null || ensure_packages docker.io
	if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
		ensure_packages docker-compose
	fi
	command -v tmux >/dev/null || ensure_packages tmux
	command -v ip >/dev/null || ensure_packages iproute2
	ensure_registry
	# The remote-engine tests: an sshd of their own on loopback, podman's API service, and
	# certificates made for a TLS engine. Each test starts its own server; the packages' own
	# services are not wanted (sshd on :22, podman's socket unit) and are not started here.
	command -v /usr/sbin/sshd >/dev/null || ensure_packages openssh-server
	command -v podman >/dev/null || ensure_packages podman
	command -v openssl >/dev/null || ensure_packages openssl
	say "tools present: docker, compose, tmux, ip, docker-registry, htpasswd, sshd, podman, openssl"
}

# The registry tests start their own docker-registry (test/support/registry.ts) on a free port with
# a config of their own; htpasswd -B makes its users. The package's own service is not wanted: it
# would listen on :5000 with a config that is not ours. So when this script installs the package
# it stops that service and keeps it from starting at boot; a registry someone set up before is
# left alone (the tests never use :5000).
ensure_registry() {
	command -v htpasswd >/dev/null || ensure_packages apache2-utils
	if command -v docker-registry >/dev/null; then
		return
	fi
	ensure_packages docker-registry
	if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
		systemctl disable --now docker-registry >/dev/null 2>&1 || true
	elif [[ -x /etc/init.d/docker-registry ]]; then
		/etc/init.d/docker-registry stop >/dev/null 2>&1 || true
		if command -v update-rc.d >/dev/null; then
			update-rc.d docker-registry disable >/dev/null 2>&1 || true
		fi
	fi
}

workdir=''
trap '[[ -z $workdir ]] || rm -rf "$workdir"' EXIT

ensure_test_image() {
	if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
		say "image $TEST_IMAGE present"
		return
	fi
	# The image is FROM scratch plus a static busybox: no registry is needed to make it.
	ensure_packages busybox-static
	say "building $TEST_IMAGE"
	workdir=$(mktemp -d)
	cp /bin/busybox "$workdir/busybox"
	cat >"$workdir/Dockerfile" <<-'EOF'
		FROM scratch
		COPY busybox /bin/busybox
		RUN ["/bin/busybox", "--install", "-s", "/bin"]
		CMD ["sh"]
	EOF
	# The classic builder: BuildKit may be missing, and would want to pull its frontend image.
	local output
	if ! output=$(DOCKER_BUILDKIT=0 docker build --quiet --tag "$TEST_IMAGE" "$workdir" 2>&1); then
		printf '%s\n' "$output" >&2
		die "building $TEST_IMAGE failed"
	fi
	say "image $TEST_IMAGE built"
}

ensure_engine
ensure_tools
ensure_test_image

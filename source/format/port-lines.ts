// A container's ports as `docker port` prints them, from the bindings inspect reports. One
// implementation, shown in the container's Inspect tab and checked against the real CLI in the
// engine tests.

/** One container port and its host bindings (the shape of the engine layer's PortBinding). */
export interface PortBindingEntry {
	/** "80/tcp" */
	containerPort: string;
	/** Empty when exposed but not published. */
	host: ReadonlyArray<{ip: string; port: string}>;
}

/** Go's net.JoinHostPort: an IPv6 host is bracketed. */
function joinHostPort(host: string, port: string): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Natural order (numbers compared as numbers), as the docker CLI sorts `docker port`. */
export function naturalCompare(a: string, b: string): number {
	const parts = (text: string): string[] => text.match(/\d+|\D+/g) ?? [];
	const left = parts(a);
	const right = parts(b);
	for (let index = 0; index < Math.min(left.length, right.length); index++) {
		const x = left[index] ?? '';
		const y = right[index] ?? '';
		if (x === y) {
			continue;
		}

		const numeric = /^\d/.test(x) && /^\d/.test(y);
		if (numeric && Number(x) !== Number(y)) {
			return Number(x) - Number(y);
		}

		return x < y ? -1 : 1;
	}

	return left.length - right.length;
}

/** The words that end a line of a port that is exposed but not published. */
export const NOT_PUBLISHED = '(not published)';

/**
 * The ports as `docker port` prints them ("80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080"), one line a
 * binding, in the CLI's natural order; an exposed port without a binding is "80/tcp (not published)",
 * a line `docker port` leaves out. A stopped container's configured bindings may name no address (the
 * engine binds every one, 0.0.0.0) or no port (a free one is picked when it starts).
 */
export function dockerPortLines(ports: readonly PortBindingEntry[]): string[] {
	const lines: string[] = [];
	for (const port of ports) {
		if (port.host.length === 0) {
			lines.push(`${port.containerPort} ${NOT_PUBLISHED}`);
			continue;
		}

		for (const binding of port.host) {
			const ip = binding.ip || '0.0.0.0';
			lines.push(binding.port === '' ? `${port.containerPort} -> ${ip} (a free port when it starts)` : `${port.containerPort} -> ${joinHostPort(ip, binding.port)}`);
		}
	}

	return lines.sort(naturalCompare);
}

// A swarm service's logs in one buffer (`docker service logs -f`): the manager merges its tasks'
// logs itself, and each line names its task and node, shown before it as `web.2@node-1`.
import type {Engine, ServiceLogLine} from '../engine/types.js';
import {sanitize} from '../format/index.js';
import {LogBuffer, type LogLimits, type LogRange, type LogSession} from './log-buffer.js';
import type {LogOrigin} from './log-lines.js';

/** A line's origin label: its task, and the node it ran on. */
export function taskLabel(line: Pick<ServiceLogLine, 'task' | 'node'>): string {
	return line.node === '' ? line.task : `${line.task}@${line.node}`;
}

/**
 * Follows a service's logs from `tail` lines back (or over the range) into a bounded buffer; each
 * task keeps one origin, so its colour stays the same as its lines come and go.
 */
export function openServiceLogs(engine: Engine, serviceId: string, tail: number, limits: LogLimits | undefined, range: LogRange = {}): LogSession {
	const buffer = new LogBuffer(limits);
	const origins = new Map<string, LogOrigin>();
	const originOf = (line: ServiceLogLine): LogOrigin => {
		const label = taskLabel(line);
		let origin = origins.get(label);
		if (!origin) {
			origin = {index: origins.size, label: sanitize(label)};
			origins.set(label, origin);
		}

		return origin;
	};

	const ranged = range.since !== undefined || range.until !== undefined;
	const subscription = engine.streamServiceLogs(
		serviceId,
		{tail: ranged ? Number.POSITIVE_INFINITY : tail, timestamps: true, follow: range.until === undefined, ...range},
		{
			onLines(lines) {
				// In runs of one task, so each run keeps its label.
				let start = 0;
				for (let at = 1; at <= lines.length; at++) {
					if (at === lines.length || taskLabel(lines[at]!) !== taskLabel(lines[start]!)) {
						buffer.append(lines.slice(start, at), originOf(lines[start]!));
						start = at;
					}
				}
			},
			onError(message) {
				buffer.finish(message);
			},
			onEnd() {
				buffer.finish();
			},
		},
	);
	return {buffer, stop: () => subscription.stop()};
}

// Building an image with the engine's classic builder: the context is packed from disk as the
// engine reads it, and the builder's JSON output becomes job events.
import type Docker from 'dockerode';
import {checkContext, listContext, packContext} from './build-context.js';
import {asJob, messageError, openStream, readMessages, type JsonMessage} from './job-stream.js';
import {progressEvent} from './pull-progress.js';
import {EngineError, type JobControl, type JobEvent} from './types.js';
import {t} from '../i18n/translate.js';

export interface BuildOptions {
	contextDir: string;
	/** Relative to the context directory, e.g. "Dockerfile" or "docker/app.Dockerfile". */
	dockerfile: string;
	/** `repo[:tag]` names for the result. */
	tags: string[];
	buildArgs: Record<string, string>;
	/** The stage to build, in a multi-stage Dockerfile. */
	target?: string;
	noCache: boolean;
	/** Pull newer versions of the base images. */
	pull: boolean;
	labels?: Record<string, string>;
}

const stepLine = /^Step \d+\/\d+ : /;
const builtLine = /^Successfully built ([0-9a-f]+)$/;

/**
 * Reads the builder's messages: `stream` text split into lines (a line may arrive in several
 * messages), status messages of a base-image pull as progress, the last "Step N/M : …" line
 * kept so a failure can say where it happened, and the built image's id.
 */
export class BuildOutput {
	#partial = '';
	#step: string | undefined;
	#auxId: string | undefined;
	#builtId: string | undefined;

	/** Job events for one message; throws the build's failure when the message reports one. */
	push(message: JsonMessage): JobEvent[] {
		const failure = messageError(message);
		if (failure !== undefined) {
			throw new EngineError(this.failure(failure));
		}
		const aux = message.aux as {ID?: unknown} | undefined;
		if (aux && typeof aux === 'object' && typeof aux.ID === 'string') {
			this.#auxId = aux.ID;
		}
		if (typeof message.stream === 'string') {
			const pieces = (this.#partial + message.stream).split('\n');
			this.#partial = pieces.pop() ?? '';
			return pieces.map(piece => this.#line(piece));
		}
		const progress = progressEvent(message);
		return progress ? [progress] : [];
	}

	/** The last line, if the output did not end with a newline. */
	end(): JobEvent[] {
		const rest = this.#partial;
		this.#partial = '';
		return rest === '' ? [] : [this.#line(rest)];
	}

	/** "build failed at Step 2/3 : RUN false: <reason>", or without the step when none was seen. */
	failure(reason: string): string {
		return this.#step === undefined ? `build failed: ${reason}` : `build failed at ${this.#step}: ${reason}`;
	}

	/** The built image's id: the builder's `aux` message, else its "Successfully built <id>" line (short). */
	get imageId(): string | undefined {
		return this.#auxId ?? this.#builtId;
	}

	#line(raw: string): JobEvent {
		const text = raw.replace(/\r$/, '');
		if (stepLine.test(text)) {
			this.#step = text;
		}
		const built = builtLine.exec(text);
		if (built) {
			this.#builtId = built[1];
		}
		return {kind: 'line', text};
	}
}

/**
 * Builds an image and resolves with its id ("sha256:…"). A missing context directory or
 * Dockerfile fails before anything is sent; a failing step rejects with the step and the reason.
 */
export function buildImage(docker: Docker, options: BuildOptions, control: JobControl, endpoint: string): Promise<string> {
	return asJob('build', control.signal, endpoint, async () => {
		const dockerfile = await checkContext(options.contextDir, options.dockerfile);
		const entries = await listContext(options.contextDir, dockerfile);
		const output = new BuildOutput();
		let response;
		try {
			response = await openStream(
				docker,
				{
					path: '/build',
					method: 'POST',
					query: {
						dockerfile,
						t: options.tags,
						// The engine expects these two as JSON objects (the client encodes objects so).
						buildargs: options.buildArgs,
						labels: options.labels ?? {},
						...(options.target ? {target: options.target} : {}),
						...(options.noCache ? {nocache: true} : {}),
						...(options.pull ? {pull: true} : {}),
						rm: true,
						// Also remove the container of a failed step (the CLI keeps it): it would only clutter the list.
						forcerm: true,
						// The classic builder: BuildKit needs a session protocol this client does not speak.
						version: '1',
					},
					body: packContext(entries, control.signal),
					signal: control.signal,
				},
				endpoint,
			);
		} catch (error) {
			// Refusals before the build starts (a Dockerfile that does not parse, an unknown target).
			throw error instanceof EngineError ? new EngineError(output.failure(error.message), error.statusCode) : error;
		}
		await readMessages(response, control.signal, message => {
			for (const event of output.push(message)) {
				control.onEvent(event);
			}
		});
		for (const event of output.end()) {
			control.onEvent(event);
		}
		const id = output.imageId;
		if (id === undefined) {
			throw new EngineError(t('build finished without naming the image it built'));
		}
		// "Successfully built" gives a short id; the full one comes from the image itself.
		return id.startsWith('sha256:') ? id : ((await docker.getImage(id).inspect()) as {Id: string}).Id;
	});
}

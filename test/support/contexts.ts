// A docker CLI configuration written the way the CLI writes it: config.json, and contexts in
// contexts/meta/<sha256 of the name>/meta.json with TLS files in contexts/tls/<hash>/docker.
import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

export function writeConfig(configDir: string, config: unknown): void {
	mkdirSync(configDir, {recursive: true});
	writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
}

export interface ContextOptions {
	skipTlsVerify?: boolean;
	/** TLS files written with stand-in content. */
	tlsFiles?: Array<'ca' | 'cert' | 'key'>;
	/** TLS files copied in: name → content. */
	tls?: Partial<Record<'ca' | 'cert' | 'key', string | Buffer>>;
	description?: string;
}

/** Writes context `name` for `host`; returns its TLS folder. */
export function writeContext(configDir: string, name: string, host: string, options: ContextOptions = {}): string {
	const hash = createHash('sha256').update(name).digest('hex');
	const metaDir = path.join(configDir, 'contexts', 'meta', hash);
	mkdirSync(metaDir, {recursive: true});
	writeFileSync(
		path.join(metaDir, 'meta.json'),
		JSON.stringify({
			Name: name,
			Metadata: options.description === undefined ? {} : {Description: options.description},
			Endpoints: {docker: {Host: host, SkipTLSVerify: options.skipTlsVerify ?? false}},
		}),
	);
	const tlsDir = path.join(configDir, 'contexts', 'tls', hash, 'docker');
	const files: Array<[string, string | Buffer]> = [
		...(options.tlsFiles ?? []).map((file): [string, string] => [file, `${file} material`]),
		...Object.entries(options.tls ?? {}),
	];
	for (const [file, content] of files) {
		mkdirSync(tlsDir, {recursive: true});
		writeFileSync(path.join(tlsDir, `${file}.pem`), content);
	}
	return tlsDir;
}

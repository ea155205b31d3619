import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {Socket} from 'node:net';
import Docker from 'dockerode';
import type {Endpoint, TlsSettings} from './connect.js';
import {noteTlsSettings} from './errors.js';
import {SshAgent} from './ssh-transport.js';

type ClientOptions = Docker.DockerOptions & {agent?: http.Agent};

function readTlsFile(file: string | undefined): Buffer | undefined {
	if (file === undefined) {
		return undefined;
	}
	try {
		return readFileSync(file);
	} catch (error) {
		throw new Error(`cannot read TLS file ${file}: ${(error as Error).message}`);
	}
}

function tlsMaterial(tls: TlsSettings): {ca?: Buffer; cert?: Buffer; key?: Buffer} {
	return {ca: readTlsFile(tls.caFile), cert: readTlsFile(tls.certFile), key: readTlsFile(tls.keyFile)};
}

/**
 * An https agent whose connection failures remember the TLS files presented, so that the error
 * message can name the certificate that did not do its job.
 */
function tlsAgent(options: https.AgentOptions, tls: TlsSettings): https.Agent {
	const agent = new https.Agent(options);
	// Every connection of the agent is opened here; @types/node leaves the method out.
	const opener = agent as unknown as {createConnection(...args: unknown[]): Socket};
	const open = opener.createConnection.bind(agent);
	opener.createConnection = (...args) => {
		const socket = open(...args);
		socket.prependListener('error', error => noteTlsSettings(error, tls));
		return socket;
	};
	return agent;
}

/**
 * Client options for an endpoint. Every connection field is set, if only to undefined, because the
 * client otherwise fills gaps from this process's DOCKER_HOST and DOCKER_CLIENT_TIMEOUT (a timeout
 * would cut the long-lived event and log streams). The agent never limits sockets: every running
 * container will hold a stats stream open.
 */
function clientOptions(endpoint: Endpoint): ClientOptions {
	const unset = {
		socketPath: undefined,
		host: undefined,
		port: undefined,
		username: undefined,
		ca: undefined,
		cert: undefined,
		key: undefined,
		timeout: undefined,
		version: undefined,
	};
	const agentOptions = {keepAlive: true, maxSockets: Number.POSITIVE_INFINITY};
	switch (endpoint.protocol) {
		case 'unix': {
			return {...unset, protocol: 'http', socketPath: endpoint.socketPath, agent: new http.Agent(agentOptions)};
		}
		case 'tcp': {
			if (!endpoint.tls) {
				return {...unset, protocol: 'http', host: endpoint.host, port: endpoint.port, agent: new http.Agent(agentOptions)};
			}
			const material = tlsMaterial(endpoint.tls);
			return {
				...unset,
				...material,
				protocol: 'https',
				host: endpoint.host,
				port: endpoint.port,
				agent: tlsAgent({...agentOptions, ...material, rejectUnauthorized: endpoint.tls.verify}, endpoint.tls),
			};
		}
		case 'ssh': {
			// HTTP over `docker system dial-stdio` channels; host and port only name the engine in requests.
			return {...unset, protocol: 'http', host: endpoint.host, port: endpoint.port ?? 22, agent: new SshAgent(endpoint)};
		}
	}
}

/** A dockerode client for `endpoint`, and the agent carrying its connections (destroying it closes them). */
export function createDockerClient(endpoint: Endpoint): {docker: Docker; agent?: http.Agent} {
	const options = clientOptions(endpoint);
	return {docker: new Docker(options), agent: options.agent};
}

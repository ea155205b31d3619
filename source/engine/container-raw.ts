// A container's inspect JSON as the container operations read it.
import type Docker from 'dockerode';
import {toEngineError} from './errors.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

/** The part of a container's inspect JSON these operations read. */
export interface RawInspect {
	Id: string;
	Name?: string;
	Config?: {Tty?: boolean; Labels?: Record<string, string> | null} | null;
	State?: {Running?: boolean; Paused?: boolean} | null;
	HostConfig?: {
		Memory?: number | null;
		MemorySwap?: number | null;
		NanoCpus?: number | null;
		CpuQuota?: number | null;
		CpuPeriod?: number | null;
		CpusetCpus?: string | null;
		CpuShares?: number | null;
		PidsLimit?: number | null;
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number} | null;
		AutoRemove?: boolean;
	} | null;
	NetworkSettings?: {Ports?: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> | null} | null;
}

/** Inspects a container; "no such container" names what was asked for. */
export async function inspectRaw(docker: Docker, id: string, endpoint: string): Promise<RawInspect> {
	try {
		return (await docker.getContainer(id).inspect()) as unknown as RawInspect;
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		throw failure.statusCode === 404 ? new EngineError(t('no such container: {id}', {id}), 404) : failure;
	}
}

/** The container's name without its slash, for messages. */
export function nameOf(details: RawInspect): string {
	return (details.Name ?? '').replace(/^\//, '') || details.Id.slice(0, 12);
}


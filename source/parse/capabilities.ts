import {parseEntries, type Field} from './field.js';
import {t} from '../i18n/translate.js';

// Linux capabilities (capabilities(7)), without the CAP_ prefix.
const KNOWN = new Set(
	(
		'CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE ' +
		'NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO ' +
		'SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME ' +
		'SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG ' +
		'WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE'
	).split(' '),
);

/** A capability name, any case, with or without CAP_, as the engine stores it (`CAP_NET_ADMIN`); `ALL` stays ALL. */
export function parseCapability(entry: string): Field<string> {
	const name = entry.toUpperCase().replace(/^CAP_/, '');
	if (name === 'ALL') {
		return {value: name};
	}
	return KNOWN.has(name) ? {value: `CAP_${name}`} : {error: t('{entry} is not a capability (e.g. NET_ADMIN, SYS_TIME or ALL)', {entry})};
}

/** The cap-add and cap-drop fields: names separated by newlines or commas. */
export function parseCapabilities(text: string, field: string): Field<string[]> {
	return parseEntries(field, text, true, parseCapability);
}

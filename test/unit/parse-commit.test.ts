// The commit form's --change lines, and the update form (both small forms of the container pane).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCommitChanges} from '../../source/parse/commit-changes.js';
import {parseUpdateForm, updateFormOf} from '../../source/parse/update-spec.js';

test('commit changes: one instruction a line, upper-cased, blank lines and comments skipped', () => {
	assert.deepEqual(
		parseCommitChanges('cmd ["sh", "-c", "echo hi"]\n\n# a comment\nENV A=1 B="two words"\nLABEL team=core\nexpose 80/tcp 8000-8010/udp\nWORKDIR /srv\nUSER nobody\nVOLUME ["/data"]\nENTRYPOINT /bin/sh\nONBUILD RUN echo x\nHEALTHCHECK CMD true\nENV OLD style value'),
		{
			value: [
				'CMD ["sh", "-c", "echo hi"]',
				'ENV A=1 B="two words"',
				'LABEL team=core',
				'EXPOSE 80/tcp 8000-8010/udp',
				'WORKDIR /srv',
				'USER nobody',
				'VOLUME ["/data"]',
				'ENTRYPOINT /bin/sh',
				'ONBUILD RUN echo x',
				'HEALTHCHECK CMD true',
				'ENV OLD style value',
			],
		},
	);
	assert.deepEqual(parseCommitChanges(''), {value: []});
});

test('commit changes: the first bad line is the error, naming it', () => {
	const error = (text: string) => (parseCommitChanges(text) as {error: string}).error;
	assert.match(error('RUN x'), /^changes: "RUN x": RUN is not allowed in a commit change \(use CMD, ENTRYPOINT/);
	assert.match(error('CMD true\nFROM scratch'), /^changes: "FROM scratch": FROM is not allowed in a commit change/);
	assert.match(error('STOPSIGNAL SIGINT'), /STOPSIGNAL is not allowed in a commit change/);
	assert.match(error('CMDD x'), /^changes: "CMDD x": CMDD is not a Dockerfile instruction/);
	assert.equal(error('ENV'), 'changes: "ENV": ENV needs an argument');
	assert.equal(error('ENV A'), 'changes: "ENV A": ENV needs KEY=VALUE');
	assert.equal(error('ENV 1A=x'), 'changes: "ENV 1A=x": 1A is not a variable name');
	assert.equal(error('LABEL =x'), 'changes: "LABEL =x": =x is not KEY=VALUE');
	assert.equal(error('EXPOSE abc'), 'changes: "EXPOSE abc": abc is not a port (use 80, 80/tcp or 8000-8010/udp)');
	assert.equal(error('CMD ["a"'), 'changes: "CMD ["a"": CMD ["a" is not a JSON array of strings');
	assert.equal(error('ONBUILD FROM x'), 'changes: "ONBUILD FROM x": FROM is not allowed as an ONBUILD trigger');
	assert.equal(error('HEALTHCHECK --interval=5s'), 'changes: "HEALTHCHECK --interval=5s": HEALTHCHECK needs CMD … or NONE');
	assert.match((parseCommitChanges('RUN x', 'change') as {error: string}).error, /^change: "RUN x"/);
});

test('update form: empty fields are left unchanged, the rest parsed by the run form parsers', () => {
	assert.deepEqual(parseUpdateForm({}), {spec: {}});
	assert.deepEqual(
		parseUpdateForm({
			restart: 'on-failure:3',
			memory: '64m',
			'memory-swap': '128m',
			cpus: '0.5',
			'cpuset-cpus': '0',
			'cpu-shares': '512',
			'pids-limit': '100',
		}),
		{
			spec: {
				restart: {name: 'on-failure', maxRetries: 3},
				memory: 64 * 1024 * 1024,
				memorySwap: 128 * 1024 * 1024,
				nanoCpus: 500_000_000,
				cpusetCpus: '0',
				cpuShares: 512,
				pidsLimit: 100,
			},
		},
	);
	assert.deepEqual(parseUpdateForm({'memory-swap': '-1', 'pids-limit': '-1'}), {spec: {memorySwap: -1, pidsLimit: -1}});
	assert.deepEqual(parseUpdateForm({'pids-limit': '0'}), {spec: {pidsLimit: -1}});
});

test('update form: every bad field is reported, naming it, in form order', () => {
	const result = parseUpdateForm({memory: 'lots', restart: 'sometimes', cpus: 'x', 'pids-limit': '-5', 'cpu-shares': '1.5', 'cpuset-cpus': '3-1'});
	assert.ok('errors' in result);
	assert.deepEqual(
		result.errors.map(error => error.field),
		['restart', 'memory', 'cpus', 'cpuset-cpus', 'cpu-shares', 'pids-limit'],
	);
	assert.match(result.errors[1]!.message, /^memory: lots is not a size/);
	assert.match(result.errors[5]!.message, /^pids-limit: -5 is not a number of processes/);
	assert.deepEqual(parseUpdateForm({memory: '256m', 'memory-swap': '128m'}), {
		errors: [{field: 'memory-swap', message: 'memory-swap: must be at least the memory limit (it counts memory plus swap)'}],
	});
});

test('updateFormOf fills the form with the current settings; unset ones are empty', () => {
	assert.deepEqual(
		updateFormOf({
			HostConfig: {
				RestartPolicy: {Name: 'on-failure', MaximumRetryCount: 2},
				Memory: 64 * 1024 * 1024,
				MemorySwap: -1,
				NanoCpus: 1_500_000_000,
				CpusetCpus: '0-1',
				CpuShares: 0,
				PidsLimit: null,
			},
		}),
		{restart: 'on-failure:2', memory: '64m', 'memory-swap': '-1', cpus: '1.5', 'cpuset-cpus': '0-1', 'cpu-shares': '', 'pids-limit': ''},
	);
	assert.deepEqual(updateFormOf({HostConfig: {RestartPolicy: {Name: ''}, CpuQuota: 50000, CpuPeriod: 100000, PidsLimit: 64}}), {
		restart: 'no',
		memory: '',
		'memory-swap': '',
		cpus: '0.5',
		'cpuset-cpus': '',
		'cpu-shares': '',
		'pids-limit': '64',
	});
	// What the form shows parses back to the same settings.
	const form = updateFormOf({HostConfig: {RestartPolicy: {Name: 'always'}, Memory: 100 * 1024 * 1024, MemorySwap: 200 * 1024 * 1024}});
	assert.deepEqual(parseUpdateForm(form), {spec: {restart: {name: 'always', maxRetries: 0}, memory: 100 * 1024 * 1024, memorySwap: 200 * 1024 * 1024}});
});

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ModelStore} from '../../source/store/model-store.js';
import {FrameScheduler} from '../../source/store/observable.js';
import {initialView} from '../../source/store/view-store.js';
import {paneCount} from '../../source/ui/panes/pane-titles.js';
import {container} from '../support/build.js';

const MB = 1024 * 1024;

function sampled(cpuPercent: number, memoryUsage: number) {
	return {time: Date.now(), cpuPercent, memoryUsage, memoryLimit: 1024 * MB, memoryPercent: 0, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1};
}

test('the containers title says its filter before the metric totals, which come last', () => {
	const model = new ModelStore('unix:///x', new FrameScheduler(20).policy);
	const web = container({name: 'web'});
	const db = container({name: 'db', state: 'exited', status: 'Exited (0) 1 minute ago'});
	model.replaceContainers([web, db]);
	model.recordSample(web.id, sampled(9.84, 64 * MB), 10);
	const view = initialView({showStopped: true, filter: 'we'});
	assert.equal(paneCount(model.get(), view, 'containers'), '1/2 up, filter "we" · CPU 9.8% · MEM 64MiB');
	// The totals stay last whatever their width.
	model.recordSample(web.id, sampled(10.2, 100 * MB), 10);
	assert.equal(paneCount(model.get(), view, 'containers'), '1/2 up, filter "we" · CPU 10.2% · MEM 100MiB');
	assert.equal(paneCount(model.get(), {...view, showStopped: false}, 'containers'), '1/2 up, stopped hidden, filter "we" · CPU 10.2% · MEM 100MiB');
	assert.equal(paneCount(model.get(), {...view, filters: {...view.filters, containers: ''}}, 'containers'), '1/2 up · CPU 10.2% · MEM 100MiB');
	assert.equal(paneCount(model.get(), {...view, filters: {...view.filters, volumes: 'data'}}, 'volumes'), '0, filter "data"');
});

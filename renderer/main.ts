import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { z } from 'zod';
import App from './App.vue';
import './styles.css';

// zod compiles fast paths with `new Function` unless told not to; the CSP forbids eval.
z.config({ jitless: true });

createApp(App).use(createPinia()).mount('#app');

// The page's first date written out (a verdict's or a run's time, toLocaleString) loads the
// locale's date formats: ~37 ms of CPU in one task here, charged to whatever showed the first
// date (a course section's verdicts as its run finished). Done once per language at start-up, in
// idle moments; later calls cost nothing.
const later = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 3000 }) : setTimeout(run, 0));
later(() => {
  new Date(0).toLocaleString('zh-CN');
  later(() => new Date(0).toLocaleString('en'));
});

import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { z } from 'zod';
import App from './App.vue';
import './styles.css';

// zod compiles fast paths with `new Function` unless told not to; the CSP forbids eval.
z.config({ jitless: true });

createApp(App).use(createPinia()).mount('#app');

export { startJammi, jammiVersion, demoDir, type RunningJammi } from './start.js';

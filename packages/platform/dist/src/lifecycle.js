import { ConfigError } from "./config.js";
import { errorsTotal } from "./metrics.js";
/**
 * Runs a service's main: a bad configuration exits 1 with a readable message; SIGTERM or SIGINT drains and stops
 * within the timeout, then exits. A stray rejection is logged and counted rather than taking the process down.
 */
export async function runMain(options) {
    const { logger } = options;
    process.on('unhandledRejection', (reason) => {
        errorsTotal.inc({ component: 'process', kind: 'unhandled_rejection' });
        logger.error({ err: reason }, 'unhandled promise rejection');
    });
    let running;
    try {
        running = await options.start();
    }
    catch (error) {
        if (error instanceof ConfigError) {
            process.stderr.write(`${error.message}\n`);
        }
        else {
            logger.fatal({ err: error }, 'start-up failed');
        }
        process.exit(1);
    }
    let stopping = false;
    const stop = (signal) => {
        if (stopping)
            return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => {
            logger.error('shutdown timed out, exiting');
            process.exit(1);
        }, options.shutdownTimeoutMs);
        timer.unref();
        running.stop().then(() => {
            logger.info('stopped');
            process.exit(0);
        }, (error) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
        });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}
//# sourceMappingURL=lifecycle.js.map
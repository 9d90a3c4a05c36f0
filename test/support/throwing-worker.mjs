// A worker script that throws while it starts.
throw new Error('worker startup failed on purpose');

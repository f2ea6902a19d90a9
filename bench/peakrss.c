/*
 * peakrss.c -- runs a command and reports its wall time, CPU time and peak
 * resident memory, and how its resident memory moved during the run.
 *
 *   peakrss [-o FILE] [-i MS] -- COMMAND [ARG...]
 *
 * Prints one line of key=value pairs (to FILE, else to stderr):
 *   wall_s user_s sys_s maxrss_kb rss_q1_kb rss_q2_kb rss_q3_kb rss_end_kb
 *   anon_q1_kb anon_q2_kb anon_q3_kb samples status
 * maxrss_kb is the kernel's ru_maxrss of the child (wait4), so it is exact;
 * rss_qN_kb are VmRSS samples (every -i ms, default 100) taken at a quarter,
 * half and three quarters of the run, and the last sample: memory that grows
 * with the input shows up as a rising q1 < q2 < q3.  anon_qN_kb are the
 * anonymous part of those samples (heap, stacks): file-backed pages, such as
 * SQLite's WAL index (-shm, which grows with the WAL), are the rest.
 * Benchmarks only: the figures are reported, never judged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* VmRSS and RssAnon of pid in KiB; 0, or -1 once it is gone. */
static int vm_rss(pid_t pid, long *rss, long *anon)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	*rss = *anon = -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			*rss = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "RssAnon:", 8) == 0)
			*anon = strtol(line + 8, NULL, 10);
	}
	fclose(f);
	return *rss >= 0 ? 0 : -1;
}

typedef struct sample {
	double t;
	long kb, anon_kb;
} sample;

static long rss_at(const sample *s, size_t n, double t, int anon)
{
	long kb = 0;
	for (size_t i = 0; i < n && s[i].t <= t; i++)
		kb = anon ? s[i].anon_kb : s[i].kb;
	return kb;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	long interval_ms = 100;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc)
			interval_ms = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			break;
	}
	if (i >= argc || interval_ms <= 0) {
		fprintf(stderr, "usage: peakrss [-o FILE] [-i MS] -- COMMAND [ARG...]\n");
		return 2;
	}

	size_t ns = 0, cap = 1024;
	sample *s = malloc(cap * sizeof(*s));
	if (!s)
		return 3;
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("peakrss: fork");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[i], argv + i);
		fprintf(stderr, "peakrss: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	/* the child's end is seen within a millisecond (the wall time of a
	 * 0.15 s batch must not round up to the next sample); memory is
	 * sampled every interval_ms */
	double next_sample = 0;
	for (;;) {
		pid_t r = wait4(pid, &status, WNOHANG, &ru);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			perror("peakrss: wait4");
			return 3;
		}
		if (now() - t0 < next_sample) {
			struct timespec d = {0, 1000000L};
			nanosleep(&d, NULL);
			continue;
		}
		next_sample = now() - t0 + interval_ms / 1000.0;
		long kb, anon;
		if (vm_rss(pid, &kb, &anon) == 0) {
			if (ns == cap) {
				sample *a = realloc(s, 2 * cap * sizeof(*s));
				if (!a)
					return 3;
				s = a;
				cap *= 2;
			}
			s[ns].t = now() - t0;
			s[ns].kb = kb;
			s[ns].anon_kb = anon;
			ns++;
		}
	}
	double wall = now() - t0;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	FILE *f = out ? fopen(out, "w") : stderr;
	if (!f) {
		perror(out);
		return 3;
	}
	fprintf(f, "wall_s=%.3f user_s=%.3f sys_s=%.3f maxrss_kb=%ld rss_q1_kb=%ld rss_q2_kb=%ld rss_q3_kb=%ld rss_end_kb=%ld"
	           " anon_q1_kb=%ld anon_q2_kb=%ld anon_q3_kb=%ld samples=%zu status=%d\n",
	        wall, (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
	        (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss,
	        rss_at(s, ns, wall * 0.25, 0), rss_at(s, ns, wall * 0.5, 0), rss_at(s, ns, wall * 0.75, 0),
	        ns ? s[ns - 1].kb : 0L, rss_at(s, ns, wall * 0.25, 1), rss_at(s, ns, wall * 0.5, 1),
	        rss_at(s, ns, wall * 0.75, 1), ns, code);
	if (out)
		fclose(f);
	free(s);
	return code;
}

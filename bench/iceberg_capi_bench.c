/* floe-iceberg-capi-bench: the Iceberg C API's first metadata load in a fresh
 * process against its warm figure (docs/performance.md#the-c-apis-first-load;
 * issue 36: the first within 1.5x the warm).
 *
 *   floe-iceberg-capi-bench METADATA_JSON [--processes N] [--warm W]
 *
 * Written in C against the public header, as a third party would use it.
 * Starts N fresh processes of itself (default 15); each reads the file, then
 * calls floe_iceberg_parse_metadata 1 + W times (default 10) and reports the
 * first call's and the median warm call's wall and CPU time. Prints the
 * medians over the processes and the ratio first / warm. A failed call or
 * child fails the bench (exit 1).
 * The metadata file: floe-iceberg-bench --write-metadata PATH (10k snapshots). */
#define _GNU_SOURCE
#include <floe/iceberg.h>

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static double now_ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(double* v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One call: its wall and CPU time; 0 on success. */
static int timed_call(const char* text, size_t length, double* wall, double* cpu) {
  struct floe_buffer result;
  struct floe_error error;
  memset(&result, 0, sizeof result);
  memset(&error, 0, sizeof error);
  result.struct_size = sizeof result;
  error.struct_size = sizeof error;
  double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
  floe_status status = floe_iceberg_parse_metadata(text, length, &result, &error);
  if (result.release != NULL) result.release(&result);
  *wall = now_ms(CLOCK_MONOTONIC) - w0;
  *cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
  if (status != FLOE_OK) {
    fprintf(stderr, "floe_iceberg_parse_metadata: status %d: %s\n", (int)status,
            error.message != NULL ? error.message : "(no message)");
    if (error.release != NULL) error.release(&error);
    return 1;
  }
  return 0;
}

/* The child: "first_wall first_cpu warm_wall warm_cpu" on stdout. */
static int child(const char* path, int warm) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  char* text = malloc((size_t)size);
  if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) return 1;
  fclose(f);
  double first_wall, first_cpu, walls[64], cpus[64];
  if (timed_call(text, (size_t)size, &first_wall, &first_cpu) != 0) return 1;
  for (int i = 0; i < warm; ++i)
    if (timed_call(text, (size_t)size, &walls[i], &cpus[i]) != 0) return 1;
  printf("%f %f %f %f\n", first_wall, first_cpu, median(walls, warm), median(cpus, warm));
  free(text);
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 4 && strcmp(argv[1], "--child") == 0) return child(argv[2], atoi(argv[3]));
  int processes = 15, warm = 10;
  const char* path = NULL;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--processes") == 0 && i + 1 < argc) processes = atoi(argv[++i]);
    else if (strcmp(argv[i], "--warm") == 0 && i + 1 < argc) warm = atoi(argv[++i]);
    else if (path == NULL && argv[i][0] != '-') path = argv[i];
    else path = NULL, i = argc;
  }
  if (path == NULL || processes < 1 || processes > 1000 || warm < 1 || warm > 64) {
    fprintf(stderr, "usage: floe-iceberg-capi-bench METADATA_JSON [--processes 1-1000] [--warm 1-64]\n");
    return 2;
  }
  double* first_wall = calloc((size_t)processes, sizeof(double));
  double* first_cpu = calloc((size_t)processes, sizeof(double));
  double* warm_wall = calloc((size_t)processes, sizeof(double));
  double* warm_cpu = calloc((size_t)processes, sizeof(double));
  char warm_text[16];
  snprintf(warm_text, sizeof warm_text, "%d", warm);
  for (int p = 0; p < processes; ++p) {
    int out[2];
    if (pipe(out) != 0) return 1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    char* child_argv[] = {argv[0], "--child", (char*)path, warm_text, NULL};
    pid_t pid;
    if (posix_spawn(&pid, "/proc/self/exe", &actions, NULL, child_argv, environ) != 0) {
      perror("posix_spawn");
      return 1;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    char line[256] = {0};
    FILE* from = fdopen(out[0], "r");
    int got = from != NULL && fgets(line, sizeof line, from) != NULL &&
              sscanf(line, "%lf %lf %lf %lf", &first_wall[p], &first_cpu[p], &warm_wall[p], &warm_cpu[p]) == 4;
    if (from != NULL) fclose(from);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "floe-iceberg-capi-bench: process %d failed\n", p);
      return 1;
    }
  }
  double fw = median(first_wall, processes), fc = median(first_cpu, processes);
  double ww = median(warm_wall, processes), wc = median(warm_cpu, processes);
  printf("floe_iceberg_parse_metadata(%s): medians over %d fresh processes (warm: median of %d calls each)\n", path,
         processes, warm);
  printf("  first call   %8.1f ms wall  %8.1f ms CPU\n", fw, fc);
  printf("  warm call    %8.1f ms wall  %8.1f ms CPU\n", ww, wc);
  printf("  first / warm %8.2fx wall    %8.2fx CPU    target <= 1.5x\n", fw / ww, fc / wc);
  return 0;
}

/*
 * mandel [WIDTH HEIGHT [ITERATIONS]]: the Mandelbrot set as text, computed
 * in double precision: WIDTH x HEIGHT characters (default 64 x 24) over
 * re [-2.2, 0.8] and im [-1.2, 1.2], each point's character by how many
 * iterations of z = z^2 + c it took to leave |z| <= 2 (at most ITERATIONS,
 * default 200), '#' for the points that never did; then the points inside
 * and the area they cover. The same numbers on both architectures: each
 * operation is one IEEE 754 double operation in SSE2 (user/user.mk).
 */
#include "user.h"

#define RE_MIN (-2.2)
#define RE_MAX 0.8
#define IM_MIN (-1.2)
#define IM_MAX 1.2
#define MAXDIM 200

/* Iterations for c = (cr, ci) to escape, or max if it stays. */
static int escape(double cr, double ci, int max)
{
	double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
	int n;

	for (n = 0; n < max && zr2 + zi2 <= 4.0; n++) {
		zi = 2.0 * zr * zi + ci;
		zr = zr2 - zi2 + cr;
		zr2 = zr * zr;
		zi2 = zi * zi;
	}
	return n;
}

/* The character for a point that escaped after n iterations. */
static char shade(int n)
{
	static const int upto[] = {2, 3, 5, 8, 12, 20, 40, 80};
	static const char ramp[] = " .:-=+*%@";

	for (int i = 0; i < 8; i++) {
		if (n < upto[i])
			return ramp[i];
	}
	return ramp[8];
}

/* argv[i] as a number in [1, max], or a usage error. */
static int arg(char **argv, int i, int max)
{
	char *end;
	long v = strtol(argv[i], &end, 10);

	if (*end || end == argv[i] || v < 1 || v > max)
		usage("mandel [WIDTH HEIGHT [ITERATIONS]]");
	return v;
}

int main(int argc, char **argv)
{
	int w = 64, h = 24, max = 200, inside = 0;
	char line[MAXDIM + 1];
	long area; /* thousandths */

	if (argc == 2 || argc > 4)
		usage("mandel [WIDTH HEIGHT [ITERATIONS]]");
	if (argc > 2) {
		w = arg(argv, 1, MAXDIM);
		h = arg(argv, 2, MAXDIM);
	}
	if (argc > 3)
		max = arg(argv, 3, 1000000);
	for (int y = 0; y < h; y++) {
		/* each point at the centre of its cell */
		double ci = IM_MAX - (y + 0.5) * (IM_MAX - IM_MIN) / h;

		for (int x = 0; x < w; x++) {
			double cr = RE_MIN + (x + 0.5) * (RE_MAX - RE_MIN) / w;
			int n = escape(cr, ci, max);

			inside += n == max;
			line[x] = n == max ? '#' : shade(n);
		}
		line[w] = '\n';
		if (write(STDOUT, line, w + 1) != w + 1)
			return 1;
	}
	area =
	    (long)((RE_MAX - RE_MIN) * (IM_MAX - IM_MIN) * inside / ((double)w * h) * 1000 + 0.5);
	printf("inside: %d of %d points, area %ld.%03ld\n", inside, w * h, area / 1000,
	       area % 1000);
	return 0;
}

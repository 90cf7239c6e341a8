// The only C boundary of RecLab: CBLAS and LAPACKE from Debian's
// libopenblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>

// OpenBLAS (pthreads build): stops its worker threads; the next threaded BLAS
// call starts them again. Exported by libopenblas but not declared in cblas.h.
int blas_thread_shutdown_(void);

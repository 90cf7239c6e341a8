/// The RecLab version recorded in every result and report, and mixed into
/// every trial's content hash: bump it whenever a change can alter a trial's
/// numbers, so stored trials of the old code are recomputed, not reused.
/// 0.2.0: the randomized SVD behind `latent_knn`'s latent space (LU power
/// iterations, Rayleigh–Ritz without QR) moves its cosines at scale.
/// 0.3.0: `SVD` and `SVD++` draw their initial factors, and the randomized
/// SVD its test matrix, with the ziggurat (`ZigguratGaussian`) instead of the
/// polar method: same distribution, other numbers.
public enum RecLabVersion {
    public static let string = "0.3.0"
}

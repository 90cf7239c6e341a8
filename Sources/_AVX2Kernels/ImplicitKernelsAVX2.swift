#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The implicit-feedback factorisation kernels (`als_implicit`'s conjugate-gradient
/// solve, `bpr`'s SGD steps) compiled for Haswell-class CPUs, chosen at run time by
/// `RecLabModels` only when the CPU reports AVX2; otherwise the baseline build of the
/// same inlinable bodies (`ImplicitCG.solve`, `BPRStep.run`) runs. Multiplies and
/// adds are never fused, so both builds give the same bits.
public enum ImplicitKernelsAVX2 {
    public static func solve(_ lo: Int, _ hi: Int, _ offsets: UnsafePointer<Int>, _ indices: UnsafePointer<Int32>,
                             _ X: UnsafeMutablePointer<Float>, _ Y: UnsafePointer<Float>, _ G: UnsafePointer<Float>,
                             _ shape: ImplicitCG.Shape, _ scratch: UnsafeMutablePointer<Float>) {
        ImplicitCG.solve(lo, hi, offsets, indices, X, Y, G, shape, scratch)
    }

    public static func bpr(_ samples: UnsafePointer<Int32>, _ count: Int, _ P: UnsafeMutablePointer<Float>,
                           _ Q: UnsafeMutablePointer<Float>, _ step: BPRStep) -> Int {
        BPRStep.run(samples, count, P, Q, step)
    }
}

/// Row arithmetic over 8-float chunks (rows padded to a multiple of 8 floats).
public enum ChunkMath {
    /// Σ a_k·b_k over `chunks` 8-float chunks, two accumulators reduced in a fixed order.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ chunks: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var c = 0
        while c &+ 1 < chunks {
            let off = c &* 32
            acc0 = acc0 + ra.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            acc1 = acc1 + ra.loadUnaligned(fromByteOffset: off &+ 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: off &+ 32, as: SIMD8<Float>.self)
            c &+= 2
        }
        if c < chunks {
            let off = c &* 32
            acc0 = acc0 + ra.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
        }
        let s = acc0 + acc1
        return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]))
    }

    /// y += a·x.
    @inlinable @inline(__always)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ chunks: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let av = SIMD8<Float>(repeating: a)
        for c in 0..<chunks {
            let off = c &* 32
            let v = ry.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                + av * rx.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: off, as: SIMD8<Float>.self)
        }
    }

    /// p = r + b·p.
    @inlinable @inline(__always)
    public static func xpby(_ r: UnsafePointer<Float>, _ b: Float, _ p: UnsafeMutablePointer<Float>, _ chunks: Int) {
        let rr = UnsafeRawPointer(r), rp = UnsafeMutableRawPointer(p)
        let bv = SIMD8<Float>(repeating: b)
        for c in 0..<chunks {
            let off = c &* 32
            let v = rr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                + bv * rp.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            rp.storeBytes(of: v, toByteOffset: off, as: SIMD8<Float>.self)
        }
    }
}

/// The conjugate-gradient half-step of implicit ALS (Hu, Koren & Volinsky's
/// weighted normal equations, solved as Takács, Pilászy & Tikk's CG and as the
/// `implicit` library's `least_squares_cg`).
///
/// **What it computes:** for each row u in `lo..<hi` with interactions
/// I_u (the `indices[offsets[u]..<offsets[u+1]]` rows of Y), starting from the
/// current x_u, `cgSteps` steps of conjugate gradients on
///
///     (G + (c − 1) Σ_{i∈I_u} y_i y_iᵀ) x_u = c Σ_{i∈I_u} y_i,     G = YᵀY + λI,
///
/// where c is the confidence of every interaction; A·p is formed without
/// building the matrix (G·p plus one dot and one axpy per interaction). A row
/// without interactions is set to zero. CG stops early once ‖r‖² < 1e-20.
/// O(cgSteps · (f² + |I_u| f)) per row.
///
/// **Numerical properties:** Float throughout, as `implicit`'s float32 path;
/// dot products in 8-lane chunks with two accumulators in a fixed order.
///
/// **Why this implementation:** rows are independent given Y, so a caller may
/// run disjoint row ranges concurrently and get the same bits as serially.
public enum ImplicitCG {
    public struct Shape: Sendable {
        /// Logical factors f (rows of G used) and the padded row stride (a multiple of 8).
        public var factors: Int
        public var stride: Int
        /// Confidence c of an interaction (1 + alpha).
        public var confidence: Float
        public var cgSteps: Int

        public init(factors: Int, stride: Int, confidence: Float, cgSteps: Int) {
            self.factors = factors
            self.stride = stride
            self.confidence = confidence
            self.cgSteps = cgSteps
        }
    }

    /// `scratch` holds 3 · stride floats (r, p, A·p).
    @inlinable @inline(__always)
    public static func solve(_ lo: Int, _ hi: Int, _ offsets: UnsafePointer<Int>, _ indices: UnsafePointer<Int32>,
                             _ X: UnsafeMutablePointer<Float>, _ Y: UnsafePointer<Float>, _ G: UnsafePointer<Float>,
                             _ shape: Shape, _ scratch: UnsafeMutablePointer<Float>) {
        let f = shape.factors, stride = shape.stride, chunks = stride / 8
        let c = shape.confidence, cm1 = c - 1
        let r = scratch, p = scratch + stride, ap = scratch + 2 * stride
        for u in lo..<hi {
            let x = X + u &* stride
            let s = offsets[u], e = offsets[u &+ 1]
            if s == e {
                x.update(repeating: 0, count: stride)
                continue
            }
            // r = c Σ y_i − (G + (c − 1) Σ y_i y_iᵀ) x
            for j in 0..<f { r[j] = -ChunkMath.dot(G + j &* stride, x, chunks) }
            for j in f..<stride { r[j] = 0 }
            for k in s..<e {
                let y = Y + Int(indices[k]) &* stride
                ChunkMath.axpy(c - cm1 * ChunkMath.dot(y, x, chunks), y, r, chunks)
            }
            p.update(from: r, count: stride)
            var rsOld = ChunkMath.dot(r, r, chunks)
            if rsOld < 1e-20 { continue }
            for _ in 0..<shape.cgSteps {
                for j in 0..<f { ap[j] = ChunkMath.dot(G + j &* stride, p, chunks) }
                for j in f..<stride { ap[j] = 0 }
                for k in s..<e {
                    let y = Y + Int(indices[k]) &* stride
                    ChunkMath.axpy(cm1 * ChunkMath.dot(y, p, chunks), y, ap, chunks)
                }
                let a = rsOld / ChunkMath.dot(p, ap, chunks)
                ChunkMath.axpy(a, p, x, chunks)
                ChunkMath.axpy(-a, ap, r, chunks)
                let rsNew = ChunkMath.dot(r, r, chunks)
                if rsNew < 1e-20 { break }
                ChunkMath.xpby(r, rsNew / rsOld, p, chunks)
                rsOld = rsNew
            }
        }
    }
}

/// Hyperparameters of one BPR SGD step (Float, as the kernel computes).
public struct BPRStep: Sendable {
    public var learningRate: Float
    public var regularization: Float
    /// Column of the item bias (= factors): the user's entry there is held at 1.
    public var biasColumn: Int
    /// Floats per row (a multiple of 8).
    public var stride: Int

    public init(learningRate: Float, regularization: Float, biasColumn: Int, stride: Int) {
        self.learningRate = learningRate
        self.regularization = regularization
        self.biasColumn = biasColumn
        self.stride = stride
    }

    /// Rendle's BPR-MF SGD step for each (u, i, j) triple of `samples` (3 · count Int32: user,
    /// liked movie, sampled negative), in order, as the `implicit` library's `bpr_update`:
    ///
    ///     x = p_u · (q_i − q_j)   (the bias column included: p_u[f] = 1, q[f] = item bias)
    ///     z = 1 / (1 + e^x)
    ///     p_u += lr (z (q_i − q_j) − reg p_u)     (bias entry kept at 1)
    ///     q_i += lr (z p_u − reg q_i),   q_j += lr (−z p_u − reg q_j)   (with the old p_u)
    ///
    /// so the item bias moves by lr (±z − reg b). Returns the number of samples
    /// ranked correctly before their step (z < 1/2). O(f) per sample. Float
    /// throughout; the negative's row is reloaded after the positive's is
    /// stored, so i = j behaves as `implicit`'s element-wise loop.
    @inlinable @inline(__always)
    public static func run(_ samples: UnsafePointer<Int32>, _ count: Int, _ P: UnsafeMutablePointer<Float>,
                           _ Q: UnsafeMutablePointer<Float>, _ h: BPRStep) -> Int {
        let stride = h.stride, chunks = stride / 8
        let lr = SIMD8<Float>(repeating: h.learningRate), reg = SIMD8<Float>(repeating: h.regularization)
        var correct = 0
        for s in 0..<count {
            let u = UnsafeMutableRawPointer(P + Int(samples[3 &* s]) &* stride)
            let qi = UnsafeMutableRawPointer(Q + Int(samples[3 &* s &+ 1]) &* stride)
            let qj = UnsafeMutableRawPointer(Q + Int(samples[3 &* s &+ 2]) &* stride)
            var acc = SIMD8<Float>()
            for c in 0..<chunks {
                let off = c &* 32
                acc = acc + u.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                    * (qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        - qj.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self))
            }
            let x = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
            let zs = 1 / (1 + expf(x))
            if zs < 0.5 { correct &+= 1 }
            let z = SIMD8<Float>(repeating: zs)
            for c in 0..<chunks {
                let off = c &* 32
                let pu = u.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                let li = qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                let dj = qj.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                u.storeBytes(of: pu + lr * (z * (li - dj) - reg * pu), toByteOffset: off, as: SIMD8<Float>.self)
                qi.storeBytes(of: li + lr * (z * pu - reg * li), toByteOffset: off, as: SIMD8<Float>.self)
                let dj2 = qj.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                qj.storeBytes(of: dj2 + lr * (-z * pu - reg * dj2), toByteOffset: off, as: SIMD8<Float>.self)
            }
            u.storeBytes(of: 1, toByteOffset: h.biasColumn &* 4, as: Float.self)
        }
        return correct
    }
}

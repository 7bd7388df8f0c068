namespace IotStack.Firmware.Checks
{
    /// <summary>
    /// Mean and variance over the last <c>window</c> values in O(1) per value: Welford's update while
    /// the window fills, then the sliding form that swaps the oldest value for the newest
    /// (mean += (x - old)/n; M2 += (x - old)·(x - mean' + old - mean)). Fixed arrays, no allocation.
    /// The sliding form accumulates rounding, so the sums are rebuilt from the ring now and then.
    /// </summary>
    internal sealed class RollingStats
    {
        public const int MaxWindow = 64;

        /// <summary>Exact rebuild after this many slides: bounded drift at O(window) every so often.</summary>
        private const int RebuildEvery = 1024;

        private readonly double[] ring = new double[MaxWindow];
        private int window = 2;
        private int count;
        private int next;
        private int slides;
        private double mean;
        private double m2;

        public int Count
        {
            get { return count; }
        }

        public int Window
        {
            get { return window; }
        }

        public double Mean
        {
            get { return mean; }
        }

        /// <summary>Sample variance (divides by n - 1): with the small windows a board keeps, the population form would understate spread.</summary>
        public double Variance
        {
            get { return count < 2 ? 0.0 : m2 / (count - 1); }
        }

        public void Reset(int newWindow)
        {
            System.Diagnostics.Debug.Assert(newWindow >= 2 && newWindow <= MaxWindow, "window out of range");
            window = newWindow;
            count = 0;
            next = 0;
            slides = 0;
            mean = 0.0;
            m2 = 0.0;
        }

        public void Add(double x)
        {
            if (count < window)
            {
                count++;
                double delta = x - mean;
                mean += delta / count;
                m2 += delta * (x - mean);
            }
            else
            {
                double old = ring[next];
                double oldMean = mean;
                mean += (x - old) / window;
                m2 += (x - old) * (x - mean + old - oldMean);
                if (m2 < 0.0)
                {
                    m2 = 0.0; // rounding when the window holds (nearly) equal values
                }

                slides++;
            }

            ring[next] = x;
            next++;
            if (next == window)
            {
                next = 0;
            }

            if (slides >= RebuildEvery)
            {
                Rebuild();
            }
        }

        private void Rebuild()
        {
            slides = 0;
            double sum = 0.0;
            for (int i = 0; i < count; i++)
            {
                sum += ring[i];
            }

            mean = sum / count;
            double squares = 0.0;
            for (int i = 0; i < count; i++)
            {
                double d = ring[i] - mean;
                squares += d * d;
            }

            m2 = squares;
        }
    }
}

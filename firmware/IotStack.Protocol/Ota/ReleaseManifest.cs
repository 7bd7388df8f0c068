namespace IotStack.Protocol
{
    /// <summary>
    /// The signed description of a release (docs/ota.md). Compact binary so the board parses it without
    /// JSON; the bytes travel verbatim in <see cref="OtaOffer"/> and the Ed25519 signature covers exactly
    /// them. Layout, little-endian:
    /// <code>
    /// magic "IOTM" | format u8 = 1 | version str8 | board str8 | minimum version str8 (empty = none)
    /// | created i64 ms since Unix epoch | total size u32 | image SHA-256 [32]
    /// | file count u8 (1-32) | count × [name str8 | size u32 | SHA-256 [32]]
    /// </code>
    /// The image SHA-256 covers the files' bytes concatenated in manifest order.
    /// Reading checks every field (names, versions, sizes adding up) and never throws on input bytes.
    /// </summary>
    public sealed class ReleaseManifest
    {
        public const byte FormatVersion = 1;
        public const int MaxFiles = 32;
        public const int MaxStringBytes = 32;
        public const int MaxBytes = OtaOffer.MaxManifestBytes;
        public const int HashSize = 32;

        private const int FixedHeader = 4 + 1;

        public ReleaseManifest()
        {
            ImageSha256 = new byte[HashSize];
            Files = new ManifestFile[0];
        }

        public string Version { get; set; }

        /// <summary>Board type the image is built for (<c>IBoard.BoardType</c>); other boards refuse it.</summary>
        public string Board { get; set; }

        /// <summary>Anti-rollback floor: once this release is installed, the board refuses any version below it. Empty for none.</summary>
        public string MinimumVersion { get; set; }

        public long CreatedMs { get; set; }

        public uint TotalSize { get; set; }

        public byte[] ImageSha256 { get; private set; }

        public ManifestFile[] Files { get; set; }

        /// <summary>Bytes <see cref="WriteTo"/> will produce.</summary>
        public int EncodedLength
        {
            get
            {
                int n = FixedHeader + Wire.StringSize(Version, 1, MaxStringBytes) + Wire.StringSize(Board, 1, MaxStringBytes)
                    + Wire.StringSize(MinimumVersion, 1, MaxStringBytes) + 8 + 4 + HashSize + 1;
                for (int i = 0; i < Files.Length; i++)
                {
                    n += Wire.StringSize(Files[i].Name, 1, ManifestFile.MaxNameBytes) + 4 + HashSize;
                }

                return n;
            }
        }

        /// <summary>Encodes the manifest; throws on fields a valid manifest cannot hold (a publisher bug, not input).</summary>
        public int WriteTo(byte[] buffer, int offset)
        {
            string problem = Validate();
            if (problem != null)
            {
                throw new System.ArgumentException("Invalid manifest: " + problem);
            }

            int length = EncodedLength;
            if (length > MaxBytes || buffer == null || offset < 0 || buffer.Length - offset < length)
            {
                throw new System.ArgumentException("Manifest of " + length + " bytes does not fit.");
            }

            int pos = offset;
            buffer[pos++] = (byte)'I';
            buffer[pos++] = (byte)'O';
            buffer[pos++] = (byte)'T';
            buffer[pos++] = (byte)'M';
            Wire.WriteU8(buffer, ref pos, FormatVersion);
            Wire.WriteString(buffer, ref pos, Version, 1, MaxStringBytes);
            Wire.WriteString(buffer, ref pos, Board, 1, MaxStringBytes);
            Wire.WriteString(buffer, ref pos, MinimumVersion, 1, MaxStringBytes);
            Wire.WriteI64(buffer, ref pos, CreatedMs);
            Wire.WriteU32(buffer, ref pos, TotalSize);
            System.Array.Copy(ImageSha256, 0, buffer, pos, HashSize);
            pos += HashSize;
            Wire.WriteU8(buffer, ref pos, Files.Length);
            for (int i = 0; i < Files.Length; i++)
            {
                ManifestFile f = Files[i];
                Wire.WriteString(buffer, ref pos, f.Name, 1, ManifestFile.MaxNameBytes);
                Wire.WriteU32(buffer, ref pos, f.Size);
                System.Array.Copy(f.Sha256, 0, buffer, pos, HashSize);
                pos += HashSize;
            }

            return pos - offset;
        }

        public byte[] ToBytes()
        {
            byte[] bytes = new byte[EncodedLength];
            WriteTo(bytes, 0);
            return bytes;
        }

        /// <summary>Decodes exactly <paramref name="length"/> bytes. On failure the manifest's fields are unspecified.</summary>
        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || buffer.Length - offset < length)
            {
                return DecodeStatus.Truncated;
            }

            if (length > MaxBytes)
            {
                return DecodeStatus.Oversize;
            }

            int pos = offset;
            int end = offset + length;
            if (length < FixedHeader)
            {
                return DecodeStatus.Truncated;
            }

            if (buffer[pos] != 'I' || buffer[pos + 1] != 'O' || buffer[pos + 2] != 'T' || buffer[pos + 3] != 'M')
            {
                return DecodeStatus.InvalidField;
            }

            pos += 4;
            if (buffer[pos++] != FormatVersion)
            {
                return DecodeStatus.WrongVersion;
            }

            string version;
            string board;
            string minimum;
            DecodeStatus status = Wire.ReadString(buffer, ref pos, end, 1, MaxStringBytes, out version);
            if (status == DecodeStatus.Ok)
            {
                status = Wire.ReadString(buffer, ref pos, end, 1, MaxStringBytes, out board);
            }
            else
            {
                return status;
            }

            if (status == DecodeStatus.Ok)
            {
                status = Wire.ReadString(buffer, ref pos, end, 1, MaxStringBytes, out minimum);
            }
            else
            {
                return status;
            }

            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (end - pos < 8 + 4 + HashSize + 1)
            {
                return DecodeStatus.Truncated;
            }

            Version = version;
            Board = board;
            MinimumVersion = minimum;
            CreatedMs = Wire.ReadI64(buffer, ref pos);
            TotalSize = Wire.ReadU32(buffer, ref pos);
            System.Array.Copy(buffer, pos, ImageSha256, 0, HashSize);
            pos += HashSize;
            int count = Wire.ReadU8(buffer, ref pos);
            if (count == 0 || count > MaxFiles)
            {
                return DecodeStatus.InvalidField;
            }

            ManifestFile[] files = new ManifestFile[count];
            for (int i = 0; i < count; i++)
            {
                ManifestFile f = new ManifestFile();
                string name;
                status = Wire.ReadString(buffer, ref pos, end, 1, ManifestFile.MaxNameBytes, out name);
                if (status != DecodeStatus.Ok)
                {
                    return status;
                }

                if (end - pos < 4 + HashSize)
                {
                    return DecodeStatus.Truncated;
                }

                f.Name = name;
                f.Size = Wire.ReadU32(buffer, ref pos);
                System.Array.Copy(buffer, pos, f.Sha256, 0, HashSize);
                pos += HashSize;
                files[i] = f;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            Files = files;
            return Validate() == null ? DecodeStatus.Ok : DecodeStatus.InvalidField;
        }

        /// <summary>Index of the file called <paramref name="name"/>, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Files.Length; i++)
            {
                if (Files[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Null when every field is acceptable, otherwise what is wrong.</summary>
        public string Validate()
        {
            if (!ReleaseVersion.IsValid(Version))
            {
                return "version";
            }

            if (Board == null || Board.Length == 0 || Utf8.ByteCount(Board) > MaxStringBytes)
            {
                return "board";
            }

            if (MinimumVersion != null && MinimumVersion.Length > 0 && !ReleaseVersion.IsValid(MinimumVersion))
            {
                return "minimum version";
            }

            if (Files == null || Files.Length == 0 || Files.Length > MaxFiles)
            {
                return "file count";
            }

            long total = 0;
            for (int i = 0; i < Files.Length; i++)
            {
                ManifestFile f = Files[i];
                if (f == null || !ManifestFile.IsValidName(f.Name))
                {
                    return "file name";
                }

                for (int k = 0; k < i; k++)
                {
                    if (Files[k].Name == f.Name)
                    {
                        return "duplicate file name";
                    }
                }

                total += f.Size;
            }

            if (total != TotalSize)
            {
                return "total size";
            }

            return null;
        }
    }
}

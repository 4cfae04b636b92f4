"""The file system's floor under `import`: create N files in a new folder, each with the bytes of
one sample answers file (open with O_EXCL, write, close), and nothing else.

    python3 benches/create_files.py N SAMPLE DIR
"""
import os
import sys

n, sample, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
data = open(sample, "rb").read()
os.mkdir(folder)
for i in range(n):
    fd = os.open(f"{folder}/respondent-{i}.yaml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.write(fd, data)
    os.close(fd)

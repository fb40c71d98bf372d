# subprocess over _posixsubprocess, select and _signal: run/Popen/communicate,
# env/cwd, errors from the child (missing program, bad cwd), CalledProcessError.
import subprocess

print(subprocess.run(["echo", "hi"], capture_output=True))
print(subprocess.run("echo $X; exit 3", shell=True, env={"X": "envx"},
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, err = p.communicate(b"data through cat")
print(out, err, p.returncode)
print(subprocess.check_output(["sh", "-c", "echo err >&2; echo out"], stderr=subprocess.DEVNULL))
try:
    subprocess.run(["/nonexistent/prog"])
except FileNotFoundError as e:
    print(repr(e))
try:
    subprocess.run(["true"], cwd="/nonexistent")
except FileNotFoundError as e:
    print(repr(e))
try:
    subprocess.check_call(["false"])
except subprocess.CalledProcessError as e:
    print(e)
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print("timed out", e.cmd)
print(subprocess.getoutput("echo hello; echo world"))
print(subprocess.run(["pwd"], cwd="/", capture_output=True, text=True).stdout, end="")
print(subprocess.call(["sh", "-c", "kill -TERM $$"]))
